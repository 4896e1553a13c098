"""Copies of a cgroup walk's item that can take the item's reference instead of acquiring a new one.

Every ``MemCgroup`` local owns one reference (``frontend/policy_rules.py``): ``best = memcg`` inside
``for memcg in scope.descendants()`` acquires a new reference for ``best`` (``bpf_get_mem_cgroup`` in struct_ops,
``bpf_cgroup_acquire`` in bridge mode), and the walk releases ``memcg``'s own at the end of the iteration.  When
that copy is the last thing the iteration does with ``memcg``, the item's reference can move to ``best`` instead
(and the walk finds nothing to release): one kfunc call less on each new best, as a C programmer writes it.

This pass marks such a copy (``data = MOVE``) when:

* it is ``MEMCG_COPY(memcg)`` of the walk's own variable, one of the values of an assignment whose other values
  do not read ``memcg`` and whose targets are not ``memcg``, to an owned local (not a parameter);
* the assignment is in tail position of the walk's body: the last statement of the body, or of a branch of an
  ``if`` in tail position — so the iteration reads ``memcg`` no more after it.

The lowering (``lower_memcg_acquire``) then loads the item's reference and clears the walk's variable.
"""

from __future__ import annotations

from pyoombpf.hir import intrinsics as I
from pyoombpf.hir import nodes as H
from pyoombpf.types.policy import MemcgType

#: ``Intrinsic.data`` of a ``MEMCG_COPY`` that moves the walk item's reference
MOVE = "move"


def mark_moves(body: list[H.Stmt], params: list[H.Var]) -> None:
    """Mark the copies of ``body``'s cgroup-walk items that can move (module docstring)."""
    for s in H.walk_stmts(body):
        if isinstance(s, H.ForIter) and s.op is I.MEMCG_DESCENDANTS and isinstance(s.var.type, MemcgType):
            for tail in _tails(s.body):
                _mark(tail, s.var, params)


def _tails(body: list[H.Stmt]) -> list[H.Stmt]:
    if not body:
        return []
    last = body[-1]
    if isinstance(last, H.If):
        return _tails(last.body) + _tails(last.orelse)
    return [last]


def _mark(s: H.Stmt, item: H.Var, params: list[H.Var]) -> None:
    if not isinstance(s, H.Assign) or item in s.targets or len(s.targets) != len(s.values):
        return
    copies = [
        (target, v)
        for target, v in zip(s.targets, s.values, strict=True)
        if isinstance(v, H.Intrinsic)
        and v.op is I.MEMCG_COPY
        and isinstance(v.args[0], H.Load)
        and v.args[0].var is item
        and target not in params
    ]
    reads = sum(1 for v in s.values for e in H.subexprs(v) if isinstance(e, H.Load) and e.var is item)
    if len(copies) == 1 and reads == 1:
        copies[0][1].data = MOVE


__all__ = ["MOVE", "mark_moves"]
