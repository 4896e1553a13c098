"""Where a kernel without the memcg kfuncs (before Linux 7.0) keeps a memory cgroup's counters.

Linux 7.0 added ``bpf_mem_cgroup_page_state`` & co.  Before that a BPF program must read
``memcg->vmstats->state[i]`` / ``->events[i]`` itself, and ``i`` is not the enum value: the kernel keeps only the
items memcg tracks, in the order of private tables in ``mm/memcontrol.c`` (``memcg_node_stat_items``,
``memcg_stat_items``, ``memcg_vm_event_stat``), which are not in BTF.  This module holds those tables for the
kernels we know, and picks one only when the running kernel's BTF accounts for it exactly; otherwise the counter
is "not supported on this kernel" (a ``NotSupportedError`` naming the kfuncs and Linux 7.0), never a guess.

Builds of one kernel version differ by configuration: an item the configuration leaves out (``NR_SWAPCACHE``
without ``CONFIG_SWAP``, ``ZSWPIN`` without ``CONFIG_ZSWAP``, ...) is missing from both the kernel's enum and the
memcg table, with the same ``#ifdef`` in both.  So a table is written for a build with every such option on, and
matched as "its items that this kernel's enums have, in order": accepted only when that count equals the size of
``memcg_vmstats``' arrays.  Where the two gates differ (``PGPGIN``/``PGPGOUT`` are counted by memcg only with
``CONFIG_MEMCG_V1`` but always exist in the enum) the table is smaller than the filtered list, so the sizes
disagree and the counter is refused: a filtered list can only ever be too long, never wrong at equal size.

``tests/policy/test_bridge_program.py`` checks the 6.18 table against the kernel's own ``memory.stat`` (v1) on a
memcg with known contents.
"""

from __future__ import annotations

import weakref
from typing import Any

from pyoombpf import uapi
from pyoombpf.btf import types as B
from pyoombpf.btf.errors import TypeNotFoundError
from pyoombpf.errors import NotSupportedError
from pyoombpf.plain import Frozen

PAGE_SIZE = uapi.PAGE_SIZE

#: Linux 6.12 … 6.18 with every option that adds an item on: MEMCG_V1, SWAP, ZSWAP, TRANSPARENT_HUGEPAGE,
#: NUMA_BALANCING, HUGETLB_PAGE
_NODE_6_18 = [
    "NR_INACTIVE_ANON",
    "NR_ACTIVE_ANON",
    "NR_INACTIVE_FILE",
    "NR_ACTIVE_FILE",
    "NR_UNEVICTABLE",
    "NR_SLAB_RECLAIMABLE_B",
    "NR_SLAB_UNRECLAIMABLE_B",
    "WORKINGSET_REFAULT_ANON",
    "WORKINGSET_REFAULT_FILE",
    "WORKINGSET_ACTIVATE_ANON",
    "WORKINGSET_ACTIVATE_FILE",
    "WORKINGSET_RESTORE_ANON",
    "WORKINGSET_RESTORE_FILE",
    "WORKINGSET_NODERECLAIM",
    "NR_ANON_MAPPED",
    "NR_FILE_MAPPED",
    "NR_FILE_PAGES",
    "NR_FILE_DIRTY",
    "NR_WRITEBACK",
    "NR_SHMEM",
    "NR_SHMEM_THPS",
    "NR_FILE_THPS",
    "NR_ANON_THPS",
    "NR_KERNEL_STACK_KB",
    "NR_PAGETABLE",
    "NR_SECONDARY_PAGETABLE",
    "NR_SWAPCACHE",
    "PGPROMOTE_SUCCESS",
    "PGDEMOTE_KSWAPD",
    "PGDEMOTE_DIRECT",
    "PGDEMOTE_KHUGEPAGED",
    "PGDEMOTE_PROACTIVE",
    "NR_HUGETLB",
    "MEMCG_SWAP",
    "MEMCG_SOCK",
    "MEMCG_PERCPU_B",
    "MEMCG_VMALLOC",
    "MEMCG_KMEM",
    "MEMCG_ZSWAP_B",
    "MEMCG_ZSWAPPED",
]
_EVENTS_6_18 = [
    "PGPGIN",
    "PGPGOUT",
    "PSWPIN",
    "PSWPOUT",
    "PGSCAN_KSWAPD",
    "PGSCAN_DIRECT",
    "PGSCAN_KHUGEPAGED",
    "PGSCAN_PROACTIVE",
    "PGSTEAL_KSWAPD",
    "PGSTEAL_DIRECT",
    "PGSTEAL_KHUGEPAGED",
    "PGSTEAL_PROACTIVE",
    "PGFAULT",
    "PGMAJFAULT",
    "PGREFILL",
    "PGACTIVATE",
    "PGDEACTIVATE",
    "PGLAZYFREE",
    "PGLAZYFREED",
    "SWPIN_ZERO",
    "SWPOUT_ZERO",
    "ZSWPIN",
    "ZSWPOUT",
    "ZSWPWB",
    "THP_FAULT_ALLOC",
    "THP_COLLAPSE_ALLOC",
    "THP_SWPOUT",
    "THP_SWPOUT_FALLBACK",
    "NUMA_PAGE_MIGRATE",
    "NUMA_PTE_UPDATES",
    "NUMA_HINT_FAULTS",
]

#: counters the kernel keeps in other units than pages (``memcg_page_state_output_unit``)
_BYTE_ITEMS = {"NR_SLAB_RECLAIMABLE_B", "NR_SLAB_UNRECLAIMABLE_B", "MEMCG_PERCPU_B", "MEMCG_ZSWAP_B"}
_KB_ITEMS = {"NR_KERNEL_STACK_KB"}


class StatSlot(Frozen):
    """``memcg->vmstats-><array>[index]`` times ``unit`` is the value the 7.x kfunc would return."""

    __slots__ = _fields = ("array", "index", "unit")
    array: str  # "state" | "events"
    index: int
    unit: int

    def __init__(self, array: str, index: int, unit: int) -> None:
        self._set(array=array, index=index, unit=unit)


class _Layout(Frozen):
    __slots__ = _fields = ("name", "state", "events")
    name: str
    state: tuple[str, ...]
    events: tuple[str, ...]

    def __init__(self, name: str, state: tuple[str, ...], events: tuple[str, ...]) -> None:
        self._set(name=name, state=state, events=events)


LAYOUTS = (_Layout("Linux 6.12-6.18", tuple(_NODE_6_18), tuple(_EVENTS_6_18)),)


def _nelems(types: Any, member: str) -> int:
    s = types.struct("memcg_vmstats")
    m = s.member(member)
    t = B.strip(m.type)
    return t.nelems if isinstance(t, B.Array) else -1


def _present(types: Any, names: tuple[str, ...]) -> tuple[str, ...]:
    """``names`` this kernel's enums have, in order (the others are configured out of this build)."""
    out = []
    for name in names:
        try:
            types.enum_value(name)
        except TypeNotFoundError:
            continue
        out.append(name)
    return tuple(out)


# layout_for's answer per type source (it looks up 71 enumerators, ~0.9 ms, and a policy may read several counters)
_MATCHED: weakref.WeakKeyDictionary[Any, _Layout | None] = weakref.WeakKeyDictionary()


def layout_for(types: Any) -> _Layout | None:
    """The table matching this kernel's BTF, or None (worked out once per ``types``)."""
    try:
        return _MATCHED[types]
    except KeyError:
        layout = _MATCHED[types] = _match(types)
        return layout


def _match(types: Any) -> _Layout | None:
    try:
        state, events = _nelems(types, "state"), _nelems(types, "events")
    except (TypeNotFoundError, KeyError, AttributeError):
        return None
    for layout in LAYOUTS:
        present = _Layout(layout.name, _present(types, layout.state), _present(types, layout.events))
        if (state, events) == (len(present.state), len(present.events)):
            return present
    return None


def slot(types: Any, family: str, name: str, what: str = "") -> StatSlot:
    """Where counter ``name`` (read with memcg.<family>) lives on this kernel.  ``what``: the query that reads
    it, for messages (default ``memcg.<family>(NAME)``)."""
    what = what or f"memcg.{family}({name})"
    layout = layout_for(types)
    if layout is None:
        raise NotSupportedError(
            f"{what} in bridge mode",
            "this kernel has neither the memcg kfuncs (bpf_mem_cgroup_page_state & co., Linux 7.0+) nor a "
            "memory-counter layout pyoombpf knows (struct memcg_vmstats does not match any known table)",
            "use memcg.usage, or run on Linux 7.0+; to add this kernel's layout see pyoombpf/btf/memcg_stats.py",
        )
    table = layout.events if family == "vm_events" else layout.state
    if name not in table:
        raise NotSupportedError(
            what,
            f"memory cgroups do not count {name} on this kernel ({layout.name})",
            "pick a counter shown in the cgroup's memory.stat",
        )
    unit = 1 if family == "vm_events" or name in _BYTE_ITEMS else 1024 if name in _KB_ITEMS else PAGE_SIZE
    return StatSlot("events" if family == "vm_events" else "state", table.index(name), unit)
