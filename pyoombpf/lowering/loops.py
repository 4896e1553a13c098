"""Loops the verifier accepts.

* ``for i in range(a, b, step)`` with constant bounds of at most ``WALKED_TRIPS`` iterations: a counted loop; the
  verifier walks its iterations.
* ``while i < N`` loops with a small constant trip count (``hir/counted.py``: a constant start, one ``i = i + S``
  per iteration, a small body without loops or calls): the same counted loop, walked by the verifier.
* other ``while`` loops, ranges with run-time bounds, longer constant ranges and short ones whose branching body
  changes a sum a condition reads (``hir/counted.py`` ``iterated_ranges``; decided by ``CarriedLocals.walks``,
  which has the function's analysis): the same loop, additionally driven by an open-coded ``bpf_iter_num``
  iterator (kernel 6.4+).  The iterator is what lets the verifier prove termination without walking every
  iteration; it also caps the loop at ``LOOP_BUDGET`` iterations (the kernel's BPF_MAX_LOOPS), which the Python
  execution mirrors exactly (docs/language.md, "Loop budget").  The locals such a loop carries from one iteration
  to the next are hidden from the verifier (``lowering/carried.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import llvmlite.ir as ir

from pyoombpf.codegen.emitted import WALKED_LOOPS
from pyoombpf.hir import nodes as H
from pyoombpf.types.core import IntType
from pyoombpf.uapi import BPF_MAX_LOOPS as LOOP_BUDGET

if TYPE_CHECKING:
    from pyoombpf.lowering.context import Lowering


#: constant-bound ranges with more iterations than this are driven by the iterator too: the verifier would walk
#: every one of them (with the branches of each), which fails from a few thousand on; short ones stay counted
#: loops, which the verifier checks exactly and LLVM may unroll
WALKED_TRIPS = 64


def walked(s: H.ForRange | H.While) -> bool:
    """A loop the verifier walks iteration by iteration (no iterator): a range with a short constant bound, or a
    counted ``while`` (``hir/counted.py``, at most ``COUNTED_TRIPS``).  Above the iterator's budget a range stays
    a counted loop as well, so the kernel never stops it early where Python would not (the verifier refuses
    such a loop; its error says so)."""
    if isinstance(s, H.While):
        return s.trip_count is not None
    return s.trip_count is not None and (s.trip_count <= WALKED_TRIPS or s.trip_count > LOOP_BUDGET)


class Loops:
    def __init__(self, ml: object) -> None:
        self.ml = ml

    @staticmethod
    def _note_walked(fl: Lowering) -> None:
        """Tell codegen the module has a loop the verifier walks (``codegen.emitted.WALKED_LOOPS``)."""
        module = fl.ml.module
        if WALKED_LOOPS not in module.namedmetadata:
            module.add_named_metadata(WALKED_LOOPS, [ir.MetaDataString(module, "walked")])

    def lower_while(self, fl: Lowering, s: H.While) -> None:
        b = fl.b
        walks = fl.ml.carried.walks(fl, s)
        if walks:
            self._note_walked(fl)
        fuel = NoFuel._Handle() if walks else fl.ml.fuel.open(fl, s.loc)
        cond_bb, body_bb, end_bb = (
            fl.new_block("while.cond"),
            fl.new_block("while.body"),
            fl.new_block("while.end"),
        )
        fl.ml.carried.entering(fl, s)
        b.branch(cond_bb)
        fl.continue_in(cond_bb)
        fl.at(s.loc)
        more = fuel.next(fl)
        test_bb = fl.new_block("while.test")
        b.cbranch(more, test_bb, end_bb)
        fl.continue_in(test_bb)
        cond = fl.expr(s.test)
        b.cbranch(cond, body_bb, end_bb)
        fl.continue_in(body_bb)
        fl.at(s.loc)
        fl.ml.carried.iterating(fl, s)
        after_bb = fl.new_block("while.after")
        # break and return run the loop's cleanups (closing the iterator) themselves, then jump past the exit
        fl.loop_body(s.body, break_bb=after_bb, continue_bb=cond_bb, cleanups=[lambda: fuel.close(fl)])
        if not fl.terminated():
            b.branch(cond_bb)
        fl.continue_in(end_bb)
        fl.at(s.loc)
        fuel.close(fl)
        b.branch(after_bb)
        fl.continue_in(after_bb)

    def lower_for_range(self, fl: Lowering, s: H.ForRange) -> None:
        b = fl.b
        t = s.var.type
        assert isinstance(t, IntType)
        ty = ir.IntType(t.bits)
        start = fl.expr(s.start)
        stop = fl.expr(s.stop)
        fl.at(s.loc)
        n = self._trip_count(b, t, start, stop, s.step)
        k_slot = fl.alloca(ty, "range.k")
        b.store(ir.Constant(ty, 0), k_slot)
        walks = fl.ml.carried.walks(fl, s)
        if walks:
            self._note_walked(fl)
        fuel = None if walks else fl.ml.fuel.open(fl, s.loc)
        cond_bb, body_bb = fl.new_block("for.cond"), fl.new_block("for.body")
        inc_bb, end_bb = fl.new_block("for.inc"), fl.new_block("for.end")
        fl.ml.carried.entering(fl, s, [k_slot])  # the trip counter is carried too (bound known or not)
        b.branch(cond_bb)
        fl.continue_in(cond_bb)
        fl.at(s.loc)
        k = b.load(k_slot)
        in_range = b.icmp_unsigned("<", k, n)
        if fuel is not None:
            fuel_bb = fl.new_block("for.fuel")
            b.cbranch(in_range, fuel_bb, end_bb)
            fl.continue_in(fuel_bb)
            fl.at(s.loc)
            b.cbranch(fuel.next(fl), body_bb, end_bb)
        else:
            b.cbranch(in_range, body_bb, end_bb)
        fl.continue_in(body_bb)
        fl.at(s.loc)
        fl.ml.carried.iterating(fl, s, [k_slot])
        value = b.add(start, b.mul(b.load(k_slot), ir.Constant(ty, s.step & ((1 << t.bits) - 1))))
        b.store(value, fl.var_slot(s.var))
        after_bb = fl.new_block("for.after")
        cleanups = [lambda: fuel.close(fl)] if fuel is not None else []
        fl.loop_body(s.body, break_bb=after_bb, continue_bb=inc_bb, cleanups=cleanups)
        if not fl.terminated():
            b.branch(inc_bb)
        fl.continue_in(inc_bb)
        fl.at(s.loc)
        b.store(b.add(b.load(k_slot), ir.Constant(ty, 1)), k_slot)
        b.branch(cond_bb)
        fl.continue_in(end_bb)
        fl.at(s.loc)
        if fuel is not None:
            fuel.close(fl)
        b.branch(after_bb)
        fl.continue_in(after_bb)

    @staticmethod
    def _trip_count(b: ir.IRBuilder, t: IntType, start: ir.Value, stop: ir.Value, step: int) -> ir.Value:
        """Number of iterations of ``range(start, stop, step)``, exact in the type's width (no overflow)."""
        ty = start.type
        if step > 0:
            lo, hi, mag = start, stop, step
        else:
            lo, hi, mag = stop, start, -step
        nonempty = b.icmp_signed("<", lo, hi) if t.signed else b.icmp_unsigned("<", lo, hi)
        span = b.sub(b.sub(hi, lo), ir.Constant(ty, 1))  # hi - lo - 1, exact as unsigned when hi > lo
        count = b.add(b.udiv(span, ir.Constant(ty, mag)), ir.Constant(ty, 1))
        return b.select(nonempty, count, ir.Constant(ty, 0))


class NoFuel:
    """Stand-in until the iterator-driven loop is wired: a plain loop (the verifier must bound it itself)."""

    class _Handle:
        def next(self, fl: Lowering) -> ir.Value:
            return ir.Constant(ir.IntType(1), 1)

        def close(self, fl: Lowering) -> None:
            pass

    def __init__(self, ml: object) -> None:
        self.ml = ml

    def open(self, fl: Lowering, loc: object) -> NoFuel._Handle:
        return NoFuel._Handle()


__all__ = ["LOOP_BUDGET", "Loops", "NoFuel"]
