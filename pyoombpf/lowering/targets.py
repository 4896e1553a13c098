"""Which lowering each compile mode uses for each built-in: one table per target, built here, explicitly.

Every table starts from the generic kernel and map built-ins; struct_ops adds the OOM policy rules; bridge
takes a *listed* subset of those (the rules whose representation-specific steps ``BridgePolicyLowering``
overrides) and adds its own; PSI programs use struct_ops' representation of ``MemCgroup`` and ``Task`` and add
the PSI rules.  Built-ins of other modes are refused with a reason derived from their descriptors.
``tests/compiler/test_intrinsics.py`` checks that each table covers every descriptor.
"""

from __future__ import annotations

import functools
from typing import Any

from pyoombpf.hir import intrinsics as I
from pyoombpf.lowering import intrinsics, maps, policy, policy_queries

# each mode's own lowering is imported when its table is first built: a struct_ops compile does not load the
# bridge's and PSI's rules (~5 ms of a command's start-up)

LoweringTable = I.Table[Any]


def _generic(target: str, modes: frozenset[str]) -> LoweringTable:
    table: LoweringTable = I.Table(target, modes)
    intrinsics.install(table)
    maps.install(table)
    return table


@functools.cache
def struct_ops_table() -> LoweringTable:
    """struct_ops policies, and plain functions' test programs (same representation of kernel objects)."""
    table = _generic(I.STRUCT_OPS, frozenset({I.STRUCT_OPS, I.SYSCALL}))
    policy.install(table)
    policy_queries.install(table)
    return table


#: the struct_ops rules bridge mode shares: each calls only the steps BridgePolicyLowering overrides
#: (acquire_copy, kn_field, is_victim, read, the iterators' css)
BRIDGE_SHARED = (
    I.MEMCG_COPY,
    I.MEMCG_ID,
    I.MEMCG_NAME_IS,
    I.MEMCG_NAME_STARTSWITH,
    I.MEMCG_XATTR_FLAG,
    I.MEMCG_DESCENDANTS,
    I.MEMCG_TASKS,
    I.TASK_OOM_SCORE_ADJ,
    I.TASK_IS_OOM_VICTIM,
    I.TASK_RSS,
    I.TASK_SWAP,
    I.TASK_COMM_IS,  # (plain CO-RE reads of task->comm, the same in both representations)
    I.TASK_COMM_STARTSWITH,
)


@functools.cache
def bridge_table() -> LoweringTable:
    table = _generic(I.BRIDGE, frozenset({I.BRIDGE}))
    from pyoombpf.lowering import bridge

    table.take(struct_ops_table(), BRIDGE_SHARED)
    bridge.install(table)
    return table


@functools.cache
def psi_table(abi: str) -> LoweringTable:
    """BPF PSI ``abi`` (``v3``: the psi_avgs_work tracepoint; ``v2``: bpf_psi_ops)."""
    table = _generic(f"{I.PSI} {abi}", frozenset({I.PSI}))
    shared = struct_ops_table()
    table.take(shared, [op for op in I.ALL if op.family in (I.Family.MEMCG, I.Family.TASK) and op in shared])
    if abi == "v3":
        from pyoombpf.lowering import psi_v3

        psi_v3.install(table)
    else:
        from pyoombpf.lowering import psi

        psi.install(table)
    return table
