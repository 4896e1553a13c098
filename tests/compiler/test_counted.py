"""Counted ``while`` loops (hir/counted.py): which loops lose their ``bpf_iter_num`` iterator, and that those
load and compute what Python computes."""

from __future__ import annotations

import pytest

from pyoombpf.compiler import build_hir
from pyoombpf.compiler import compile as pcompile
from pyoombpf.hir import nodes as H
from pyoombpf.testing import KernelFunction, compiled

from . import progs_loops as L


def whiles(fn: object) -> list[int | None]:
    """The trip count of each ``while`` of ``fn``, in source order (None: it keeps the iterator)."""
    found: list[H.While] = []

    def walk(body: list[H.Stmt]) -> None:
        for s in body:
            if isinstance(s, H.While):
                found.append(s)
            for block in (getattr(s, "body", None), getattr(s, "orelse", None)):
                if isinstance(block, list):
                    walk(block)

    walk(build_hir(fn).entry.body)  # type: ignore[arg-type]
    return [s.trip_count for s in found]


@pytest.mark.parametrize(
    ("fn", "trips"),
    [
        (L.counted_while, 32),
        (L.counted_while_with_break, 20),
        (L.counted_remainders_and_products, 24),
        (L.counted_shape_tested_sum, None),
        (L.counted_shape_with_continue, None),
        (L.counted_shape_start_unknown, None),
        (L.counted_shape_nested, None),
        (L.counted_shape_too_long, None),
        (L.last_written, None),  # a run-time bound
        (L.nested_counts, None),  # `w < 20 and w != n`: not a plain bound
    ],
    ids=lambda x: getattr(x, "__name__", str(x)),
)
def test_which_while_loops_are_counted(fn: object, trips: int | None) -> None:
    assert whiles(fn) == [trips]


@pytest.mark.parametrize(
    ("fn", "iterator"), [(L.counted_while, False), (L.counted_shape_tested_sum, True)], ids=lambda x: str(x)
)
def test_a_counted_while_has_no_iterator(fn: object, iterator: bool) -> None:
    ir = pcompile(fn).ir
    assert ("bpf_iter_num_new" in ir) is iterator


def test_the_loop_table_gives_a_counted_while_its_trips() -> None:
    from pyoombpf.elf import loop_table

    (entry,) = loop_table(pcompile(L.counted_while).elf)
    assert (entry["iterator"], entry["trips"], entry["widened"]) == (False, 32, [])


@pytest.mark.kernel
@pytest.mark.parametrize(
    "fn",
    [
        L.counted_while,
        L.counted_while_with_break,
        L.counted_remainders_and_products,
        L.counted_shape_tested_sum,
        L.counted_shape_with_continue,
        L.counted_shape_start_unknown,
        L.counted_shape_nested,
        L.counted_shape_too_long,
    ],
    ids=lambda f: f.__name__,
)
def test_counted_and_kept_while_loops_load_and_match_python(fn: object) -> None:
    with KernelFunction(fn) as kf:  # type: ignore[arg-type]
        twin = compiled(fn).python()  # type: ignore[arg-type]
        for arg in (0, 1, 2, 7, 13, 27, 41, 100, 4294967295):
            assert kf(arg) == twin(arg), arg
        if fn is L.counted_remainders_and_products:
            for arg in (-1, -5, -1000, -(1 << 62)):
                assert kf(arg) == twin(arg), arg


@pytest.mark.parametrize(
    ("fn", "iterator"),
    [
        (L.range_tested_sum, True),
        (L.range_tested_sum_in_while, True),
        (L.range_sum_to_a_helper, True),
        (L.range_sum_scaled, True),
        (L.range_untested_sum, False),
    ],
    ids=lambda x: getattr(x, "__name__", str(x)),
)
def test_a_short_range_with_a_tested_sum_its_branches_make_differ_is_iterator_driven(
    fn: object, iterator: bool
) -> None:
    from pyoombpf.elf import loop_table

    obj = pcompile(fn)
    ranges = [e for e in loop_table(obj.elf) if e["trips"] == 16]
    assert [(e["iterator"], e["widened"]) for e in ranges] == [(iterator, ["score"] if iterator else [])]


@pytest.mark.kernel
@pytest.mark.parametrize(
    "fn",
    [
        L.range_tested_sum,
        L.range_tested_sum_in_while,
        L.range_sum_to_a_helper,
        L.range_sum_scaled,
        L.range_untested_sum,
    ],
    ids=lambda f: f.__name__,
)
def test_short_ranges_with_sums_load_and_match_python(fn: object) -> None:
    """``range_tested_sum_in_while`` was refused ("BPF program is too large") while such ranges were walked
    (``PYOOMBPF_KEEP_CARRIED=1`` still lowers it so)."""
    with KernelFunction(fn) as kf:  # type: ignore[arg-type]
        twin = compiled(fn).python()  # type: ignore[arg-type]
        for arg in (0, 1, 2, 7, 13, 27, 41, 100, 0xFFFF, 0xBEEF, 4294967295):
            assert kf(arg) == twin(arg), arg
