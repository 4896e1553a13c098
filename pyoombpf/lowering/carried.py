"""Loop-carried and branch-merged locals made verifier-friendly: an opaque add of zero where their values meet.

Why.  The verifier checks an iterator-driven loop (css, css_task, ``bpf_iter_num``) by comparing the state at the
iterator's ``next`` call with the states it has seen there before; once one matches, the loop is proven.  Scalars
are compared by their tracked ranges there, and a scalar the verifier needed to know exactly (it decided a branch
with it — ``n > best_n`` after the loop, ``if protected:``) is never widened: a counter then has another known
value in every iteration (``n`` = 0, 1, 2, …), no state ever matches, and the verifier gives up after a million
instructions ("BPF program is too large") or 8192 pending branches ("the sequence of 8193 jumps is too complex").
Inside one iteration the same happens at the joins of a chain of ``if``s that add to one local (a score from a
checklist): 2**k exact values, each followed on its own path.

What.  Such a local goes through ``v = barrier(v + zero)``, where ``zero`` is a volatile load of a hidden global
in ``.bss`` that nothing ever writes and ``barrier`` the kernel's ``barrier_var`` (an empty inline asm).  The
verifier cannot know what a writable map value holds, so ``v`` becomes an unknown scalar; LLVM can neither fold
the volatile load nor move or reassociate the add across the barrier.  Where:

* the recurrences among the locals a loop carries (``hir/carried.py``: assigned in the body, live at the head,
  computed from their own old value — counters, sums) at the loop's entry (so the first state at the ``next``
  call already covers every later one) and at the start of every iteration that reads them (so what the body
  computes from them is unknown too); a range's own trip counter with them.  Carried locals only ever assigned
  constants or fresh values (a flag, a minimum, the best so far) take a few exact values at most: the verifier
  converges on them as they are, and hiding them too would only make it follow both outcomes of every
  comparison with them;
* locals that two or more branching statements in a row assign (``if``, ``x if c else y``) inside such a loop,
  after each of those statements where they are live (an ``elif`` chain is one statement).

Only loops the verifier checks by state comparison get this (``CarriedLocals.iterator_driven``); straight-line
code and the short constant-bound loops the verifier walks are left as they are (a short range whose branching
body changes a tested sum is iterator-driven instead: ``hir/counted.py``).  The value never changes (``zero`` is
0), so the Python execution is the same program without this step.  Cost: one volatile load (3 instruction
slots) per place and one add per local.  Kernel pointers and references are left alone: references converge by the
verifier's id mapping, which the reference discipline of ``lowering/policy.py`` relies on.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

import llvmlite.ir as ir

from pyoombpf.elf import LOOPS_SECTION
from pyoombpf.hir import nodes as H
from pyoombpf.hir.carried import Carried, LoopCarry, analyse
from pyoombpf.hir.counted import iterated_ranges
from pyoombpf.lowering.loops import walked
from pyoombpf.types.core import BoolType, IntType
from pyoombpf.types.policy import VerdictType
from pyoombpf.types.records import RecordType

if TYPE_CHECKING:
    from pyoombpf.lowering.context import Lowering, Module

I64 = ir.IntType(64)
#: the hidden global (in ``.bss``; another name if a program's own symbol has this one)
ZERO_SYMBOL = "pyo_opaque_zero"


def widenable(var: H.Var) -> bool:
    """Scalars (integers, bools, verdicts, records of them): the values whose exact tracking keeps loops from
    converging."""
    return isinstance(var.type, IntType | BoolType | RecordType | VerdictType)


class CarriedLocals:
    """One per module: the opaque zero and, per function, the carried locals of each loop."""

    def __init__(self, ml: Module) -> None:
        self.ml = ml
        self._zero: ir.GlobalVariable | None = None
        self._funcs: dict[H.Function, Carried] = {}
        self._iterated: dict[H.Function, frozenset[H.ForRange]] = {}
        self._table: list[dict[str, object]] = []
        #: measurement switch (docs/benchmarks.md): lower loops as before this module existed
        self.enabled = not os.environ.get("PYOOMBPF_KEEP_CARRIED")

    def _analysis(self, fl: Lowering) -> Carried:
        found = self._funcs.get(fl.func)
        if found is None:
            found = self._funcs[fl.func] = analyse(fl.func)
        return found

    def walks(self, fl: Lowering, s: H.ForRange | H.While) -> bool:
        """Whether the verifier walks ``s`` iteration by iteration (no iterator): a short constant range or a
        counted ``while`` (``lowering.loops.walked``), unless a branching body makes a scalar sum a condition reads
        differ on every path (``hir.counted.iterated_ranges``): the verifier would walk 2**trips paths.  Kernel
        pointers (``up = up.parent``) are not hidden anyway and converge by the verifier's id mapping."""
        if not walked(s):
            return False
        if not isinstance(s, H.ForRange) or not self.enabled:
            return True
        found = self._iterated.get(fl.func)
        if found is None:
            loops = self._analysis(fl).loops
            scalars = {t: tuple(v for v in c.recurrent if widenable(v)) for t, c in loops.items()}
            found = self._iterated[fl.func] = iterated_ranges(fl.func, scalars)
        return s not in found

    def iterator_driven(self, fl: Lowering, s: H.Stmt) -> bool:
        """Loops the verifier checks by state comparison at an iterator (the others it walks iteration by
        iteration: short constant-bound ranges, counted ``while`` loops)."""
        return isinstance(s, H.ForIter) or (isinstance(s, H.While | H.ForRange) and not self.walks(fl, s))

    def of(self, fl: Lowering, s: H.Stmt) -> LoopCarry:
        return self._analysis(fl).loops.get(s, LoopCarry((), (), ()))

    # ------------------------------------------------------------------------------------------ the hooks

    def entering(self, fl: Lowering, s: H.Stmt, internal: Sequence[ir.Value] = ()) -> None:
        """Just before the loop's first iteration (its iterator created, not yet asked for an item).
        ``internal``: slots of the loop's own carried counters (a range's trip counter)."""
        self._describe(fl, s)
        if self.iterator_driven(fl, s):
            carry = self.of(fl, s)
            self._widen(fl, [fl.var_slot(v) for v in carry.at_head if self._widens(fl, s, carry, v)] + list(internal))

    def iterating(self, fl: Lowering, s: H.Stmt, internal: Sequence[ir.Value] = ()) -> None:
        """At the start of each iteration's body, before it reads a carried local."""
        if self.iterator_driven(fl, s):
            carry = self.of(fl, s)
            self._widen(fl, [fl.var_slot(v) for v in carry.at_body if self._widens(fl, s, carry, v)] + list(internal))

    def joined(self, fl: Lowering, s: H.Stmt) -> None:
        """After an ``if`` (where its branches meet again) or an assignment of a branching value, inside an
        iterator-driven loop."""
        join = self._analysis(fl).joins.get(s)
        if join is not None and self.iterator_driven(fl, join.loop):
            self._widen(fl, [fl.var_slot(v) for v in join.merged if widenable(v)])

    # ------------------------------------------------------------------------------------------ the loop table

    def _describe(self, fl: Lowering, s: H.Stmt) -> None:
        """What the runtime needs to explain a verifier that gave up on this loop (``runtime/verifier_log.py``)."""
        carry = self.of(fl, s)
        loc = s.loc
        self._table.append(
            {
                "file": os.path.basename(fl.func.filename),  # as the verifier's log names it; the BTF has the path
                "line": loc.lineno if loc else 0,
                "col": loc.col if loc else 0,
                "end": _last_line(s),
                "iterator": self.iterator_driven(fl, s),
                "trips": s.trip_count if isinstance(s, H.ForRange | H.While) else None,
                "widened": [v.name for v in carry.at_head if self._widens(fl, s, carry, v)],
                "kept": [
                    [v.name, str(v.type), widenable(v)]
                    for v in carry.at_head
                    if not self._widens(fl, s, carry, v) and (v in carry.recurrent or not widenable(v))
                ],
            }
        )

    def _widens(self, fl: Lowering, s: H.Stmt, carry: LoopCarry, v: H.Var) -> bool:
        return self.enabled and self.iterator_driven(fl, s) and widenable(v) and v in carry.recurrent

    def finish(self) -> None:
        """Put the loop table in the object (a ``.debug_`` section: libbpf skips it)."""
        if not self._table:
            return
        ml = self.ml
        data = bytearray(json.dumps({"version": 1, "loops": self._table}, separators=(",", ":")).encode())
        ty = ir.ArrayType(ir.IntType(8), len(data))
        g = ir.GlobalVariable(ml.module, ty, name=ml.unique_name("pyo_loops"))
        g.initializer = ir.Constant(ty, data)
        g.global_constant = True
        g.section = LOOPS_SECTION
        ml.add_used(g)

    # ------------------------------------------------------------------------------------------ widening

    def _widen(self, fl: Lowering, slots: list[ir.Value]) -> None:
        if not slots or not self.enabled:
            return
        zero = self.opaque_zero(fl)
        for slot in slots:
            fl.b.store(self._add(fl, fl.b.load(slot, typ=slot.allocated_type), zero), slot)

    def _add(self, fl: Lowering, v: ir.Value, zero: ir.Value) -> ir.Value:
        b = fl.b
        if isinstance(v.type, ir.IntType):
            if v.type.width == 64:
                return b.call(_BARRIER, [b.add(v, zero)])
            return b.trunc(b.call(_BARRIER, [b.add(b.zext(v, I64), zero)]), v.type)
        if isinstance(v.type, ir.LiteralStructType):  # a record: every field
            out = v
            for i in range(len(v.type.elements)):
                out = b.insert_value(out, self._add(fl, b.extract_value(v, i), zero), i)
            return out
        return v

    def opaque_zero(self, fl: Lowering) -> ir.Value:
        """A 64-bit zero that neither LLVM nor the verifier can see is zero."""
        load = _VolatileLoad(fl.b.block, self._global(), "opaque.zero", typ=I64)
        load.align = 8
        fl.b._insert(load)  # llvmlite's builder has no volatile loads; this is its own insertion step
        return load

    def _global(self) -> ir.GlobalVariable:
        if self._zero is None:
            ml = self.ml
            name = ml.unique_name(ZERO_SYMBOL)
            g = ir.GlobalVariable(ml.module, I64, name=name)
            g.initializer = ir.Constant(I64, 0)
            g.section = ".bss"
            g.align = 8
            ml.maps.attach_global_di(g, name, ml.di.basic("unsigned long long", 64, "DW_ATE_unsigned"))
            ml.add_used(g)
            self._zero = g
        return self._zero


#: ``asm volatile("" : "+r"(x))`` (the kernel's ``barrier_var``): no instruction, but LLVM must materialise ``x`` in
#: a register here and knows nothing of it afterwards, so it can neither move the add nor reassociate it away
#: (``s = ((c1 + z) + c2) + z`` would otherwise become ``(c1 + c2) + (z + z)``, keeping the exact ``c1 + c2``).
#: An empty template needs no assembler, which llvmlite's BPF target lacks.
_BARRIER = ir.InlineAsm(ir.FunctionType(I64, [I64]), "", "=r,0", side_effect=True)


def _last_line(s: H.Stmt) -> int:
    """The last source line of a statement (the deepest last statement of its blocks)."""
    last = s.loc.lineno if s.loc else 0
    todo: list[H.Stmt] = [s]
    while todo:
        cur = todo.pop()
        if cur.loc is not None:
            last = max(last, cur.loc.lineno)
        for block in ("body", "orelse"):
            todo += getattr(cur, block, None) or []
    return last


class _VolatileLoad(ir.LoadInstr):
    """``load volatile``: LLVM keeps every one, in order, and assumes nothing about the value."""

    def descr(self, buf: list[str]) -> None:
        super().descr(buf)
        buf[-1] = buf[-1].replace("load ", "load volatile ", 1)


__all__ = ["ZERO_SYMBOL", "CarriedLocals", "widenable"]
