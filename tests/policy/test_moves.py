"""A copy of a cgroup walk's item in tail position takes the item's reference (hir/moves.py) instead of acquiring
a new one; elsewhere it acquires.  The verifier is the judge of the reference discipline: a leaked or doubly
released reference is refused at load, so each policy is loaded in bridge mode on this kernel."""

from __future__ import annotations

import pytest

import pyoombpf
from pyoombpf.compiler import build_hir
from pyoombpf.hir import intrinsics as I
from pyoombpf.hir import nodes as H
from pyoombpf.hir.moves import MOVE
from pyoombpf.hir.nodes import subexprs, walk_stmts
from tests.differential.harness import BridgeProgram

from . import progs_moves as P

POLICIES = [P.move_in_tail, P.copy_then_read, P.copy_and_read_together]


def copies(policy: object) -> list[object]:
    """The ``data`` of each copy of a MemCgroup value in ``policy``."""
    found = []
    for s in walk_stmts(build_hir(policy).entry.body):  # type: ignore[arg-type]
        if isinstance(s, H.Assign):
            for v in s.values:
                found += [e.data for e in subexprs(v) if isinstance(e, H.Intrinsic) and e.op is I.MEMCG_COPY]
    return found


@pytest.mark.parametrize(
    ("policy", "data"),
    [(P.move_in_tail, [MOVE]), (P.copy_then_read, [None]), (P.copy_and_read_together, [None])],
    ids=lambda x: getattr(x, "__name__", str(x)),
)
def test_which_copies_move(policy: object, data: list[object]) -> None:
    assert copies(policy) == data


@pytest.mark.usefixtures("bundled_kernel")
def test_a_move_acquires_nothing() -> None:
    """struct_ops: ``oc.memcg`` and the walk's items are acquired (two call sites); the copy in ``move_in_tail``
    acquires nothing, the one in ``copy_then_read`` a third reference."""
    ir = pyoombpf.compile(P.move_in_tail).ir
    assert ir.count('call ptr @"bpf_get_mem_cgroup"') == 2
    ir = pyoombpf.compile(P.copy_then_read).ir
    assert ir.count('call ptr @"bpf_get_mem_cgroup"') == 3


@pytest.mark.kernel
@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.__name__)
def test_moves_and_copies_load_in_bridge_mode(policy: object) -> None:
    with BridgeProgram(policy) as prog:  # type: ignore[arg-type]
        assert prog.prog.fd >= 0
