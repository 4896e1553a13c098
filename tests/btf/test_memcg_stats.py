"""The memcg counter tables (pyoombpf/btf/memcg_stats.py) on other builds of the same kernel version: items a
configuration leaves out are left out of the table too; anything the table cannot account for is refused."""

from __future__ import annotations

import pytest

from pyoombpf.btf import Array, Int, Member, Struct, TypeNotFoundError
from pyoombpf.btf import memcg_stats as M
from pyoombpf.errors import NotSupportedError

LONG = Int("long int", 8, signed=True)
FULL = M.LAYOUTS[0]


class _Build:
    """A kernel build as memcg_stats sees it: the sizes of memcg_vmstats' arrays and the enumerators it has."""

    def __init__(self, *, without: tuple[str, ...] = (), state: int | None = None, events: int | None = None) -> None:
        self.names = {n for n in FULL.state + FULL.events if n not in without}
        n_state = sum(1 for n in FULL.state if n in self.names) if state is None else state
        n_events = sum(1 for n in FULL.events if n in self.names) if events is None else events
        self.vmstats = Struct(
            "memcg_vmstats",
            8 * (n_state + n_events),
            (Member("state", Array(LONG, n_state), 0), Member("events", Array(LONG, n_events), 64 * n_state)),
        )

    def struct(self, name: str) -> Struct:
        assert name == "memcg_vmstats"
        return self.vmstats

    def enum_value(self, name: str) -> tuple[object, int]:
        if name not in self.names:
            raise TypeNotFoundError("enumerator", name, "this build")
        return None, 0


def test_the_build_the_table_was_written_for() -> None:
    build = _Build()
    assert M.slot(build, "page_state", "NR_FILE_PAGES") == M.StatSlot("state", FULL.state.index("NR_FILE_PAGES"), 4096)
    assert M.slot(build, "vm_events", "PGFAULT").index == FULL.events.index("PGFAULT")


@pytest.mark.parametrize(
    ("option", "missing"),
    [
        ("SWAP", ("NR_SWAPCACHE", "SWPIN_ZERO", "SWPOUT_ZERO")),
        ("ZSWAP", ("ZSWPIN", "ZSWPOUT", "ZSWPWB")),
        ("TRANSPARENT_HUGEPAGE", ("THP_FAULT_ALLOC", "THP_COLLAPSE_ALLOC", "THP_SWPOUT", "THP_SWPOUT_FALLBACK")),
        ("NUMA_BALANCING", ("PGPROMOTE_SUCCESS", "NUMA_PAGE_MIGRATE", "NUMA_PTE_UPDATES", "NUMA_HINT_FAULTS")),
        ("HUGETLB_PAGE", ("NR_HUGETLB",)),
    ],
)
def test_a_build_without_an_option_shifts_the_slots_after_its_items(option: str, missing: tuple[str, ...]) -> None:
    build = _Build(without=missing)
    state = [n for n in FULL.state if n not in missing]
    events = [n for n in FULL.events if n not in missing]
    for name in ("NR_FILE_PAGES", "MEMCG_SWAP", "MEMCG_ZSWAPPED"):
        assert M.slot(build, "page_state", name).index == state.index(name), (option, name)
    for name in ("PGFAULT", "PGMAJFAULT", "PGREFILL"):
        assert M.slot(build, "vm_events", name).index == events.index(name), (option, name)
    with pytest.raises(NotSupportedError, match=f"do not count {missing[0]}"):
        M.slot(build, "vm_events" if missing[0] in FULL.events else "page_state", missing[0])


def test_a_build_without_memcg_v1_is_refused() -> None:
    """PGPGIN/PGPGOUT stay in the kernel's enum but memcg counts them only with CONFIG_MEMCG_V1: the array is two
    shorter than the filtered table, so no slot can be trusted."""
    build = _Build(events=len(FULL.events) - 2)
    with pytest.raises(NotSupportedError, match="does not match any known table"):
        M.slot(build, "vm_events", "PGFAULT")


@pytest.mark.parametrize(("state", "events"), [(len(FULL.state) + 1, None), (None, len(FULL.events) + 1)])
def test_a_layout_with_unknown_items_is_refused(state: int | None, events: int | None) -> None:
    with pytest.raises(NotSupportedError, match="memcg.page_state\\(NR_FILE_PAGES\\) in bridge mode"):
        M.slot(_Build(state=state, events=events), "page_state", "NR_FILE_PAGES")
