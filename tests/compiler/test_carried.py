"""Loop-carried locals: the analysis (hir/carried.py), the lowering that hides them from the verifier
(lowering/carried.py), and programs the verifier refused before and now accepts with Python's results."""

from __future__ import annotations

import pytest

from pyoombpf.compiler import build_hir
from pyoombpf.compiler import compile as pcompile
from pyoombpf.hir.carried import analyse, carried_locals
from pyoombpf.lowering.carried import ZERO_SYMBOL
from pyoombpf.testing import KernelFunction, compiled

from . import progs_loops as L


def loops_of(fn: object) -> list[tuple[str, list[str], list[str]]]:
    """(loop kind, carried at the head, carried at the body start) per loop, in source order."""
    return [(kind, head, body) for kind, head, body, _rec in recurrences_of(fn)]


def recurrences_of(fn: object) -> list[tuple[str, list[str], list[str], list[str]]]:
    """(loop kind, carried at the head, at the body start, recurrent) per loop, in source order."""
    func = build_hir(fn).entry  # type: ignore[arg-type]
    found = carried_locals(func)
    order = sorted(found, key=lambda s: (s.loc.lineno, s.loc.col))
    return [
        (
            type(s).__name__,
            [v.name for v in found[s].at_head],
            [v.name for v in found[s].at_body],
            [v.name for v in found[s].recurrent],
        )
        for s in order
    ]


def test_counters_of_a_while_loop_are_carried() -> None:
    assert loops_of(L.collatz_steps) == [("While", ["n", "steps"], ["n", "steps"])]


def test_inner_loop_counter_belongs_to_the_inner_loop_only() -> None:
    """``w`` restarts at 0 in every iteration of the for loop: carried by the while loop, not by the for loop;
    ``total`` is carried by both."""
    assert loops_of(L.nested_counts) == [
        ("ForRange", ["total"], ["total"]),
        ("While", ["total", "w"], ["total", "w"]),
    ]


def test_recomputed_locals_are_not_carried() -> None:
    assert loops_of(L.last_written) == [("While", ["last", "i"], ["i"])]


def joins_of(fn: object) -> list[tuple[int, list[str]]]:
    """(line, merged locals) per branching statement the analysis merges after."""
    found = analyse(build_hir(fn).entry)  # type: ignore[arg-type]
    return sorted((s.loc.lineno, [v.name for v in j.merged]) for s, j in found.joins.items())


def test_a_local_several_ifs_assign_is_merged_after_each() -> None:
    """``score`` is assigned by eight branching statements of the loop body (six ``if``s, two conditional
    expressions): merged after each; ``best`` by one ``if`` only: left alone."""
    joins = joins_of(L.checklist)
    assert [names for _line, names in joins] == [["score"]] * 8
    assert all("best" not in names for _line, names in joins)


def test_an_elif_chain_is_one_statement() -> None:
    assert joins_of(L.elif_chain) == []


def test_only_recurrences_change_in_every_iteration() -> None:
    """``c += 1`` is a recurrence; ``best = c`` (the best so far) is assigned afresh and takes a few exact values
    at most: only ``c`` needs hiding from the verifier.  Through another local counts too (``a, b = b, a + b``)."""
    assert [rec for *_x, rec in recurrences_of(L.exact_count)] == [[], ["c"]]
    assert [rec for *_x, rec in recurrences_of(L.collatz_steps)] == [["n", "steps"]]
    assert [rec for *_x, rec in recurrences_of(L.fibonacci)] == [["a", "b", "i"]]


def test_no_loops_no_entries() -> None:
    assert loops_of(L.straight) == []


def test_break_and_continue_targets() -> None:
    """A value assigned before ``break`` reaches the code after the loop; one assigned before ``continue`` the
    next iteration."""
    assert loops_of(L.break_and_continue) == [("While", ["found", "skipped", "i"], ["skipped", "i"])]


@pytest.mark.parametrize(
    ("fn", "widened"),
    [
        (L.collatz_steps, True),
        (L.flag_and_count, True),
        (L.long_constant_range, True),
        (L.straight, False),
        (L.constant_range, False),
    ],
    ids=lambda x: getattr(x, "__name__", str(x)),
)
def test_only_iterator_loops_pay_for_it(fn: object, widened: bool) -> None:
    """Straight-line code and constant-bound loops (which the verifier walks) get no opaque loads."""
    ir = pcompile(fn).ir
    assert (f'load volatile i64, ptr @"{ZERO_SYMBOL}"' in ir) is widened
    assert (ZERO_SYMBOL in ir) is widened


def test_the_opaque_zero_lives_in_bss() -> None:
    from pyoombpf.elf import section_map

    obj = pcompile(L.collatz_steps)
    assert ".bss" in section_map(obj.elf)
    assert f'@"{ZERO_SYMBOL}" = global i64 0, section ".bss"' in obj.ir


@pytest.mark.kernel
@pytest.mark.parametrize(
    "fn",
    [
        L.collatz_of_small,
        L.flag_and_count,
        L.long_constant_range,
        L.known_bound_after_inlining,
        L.checklist,
        L.nested_counts,
        L.last_written,
    ],
    ids=lambda f: f.__name__,
)
def test_loops_with_carried_locals_load_and_match_python(fn: object) -> None:
    """The first five were refused before loop-carried (and branch-merged) locals were hidden from the verifier
    (after 2-40 s each: "BPF program is too large" or "the sequence of 8193 jumps is too complex")."""
    with KernelFunction(fn) as kf:  # type: ignore[arg-type]
        twin = compiled(fn).python()  # type: ignore[arg-type]
        for arg in (0, 1, 2, 7, 13, 27, 41, 100, 4294967295):
            assert kf(arg) == twin(arg), arg


def test_the_object_describes_its_loops_for_the_runtime() -> None:
    """The loop table (a .debug_ section libbpf skips): where each loop is, how the verifier checks it, and
    what it carries — what runtime/verifier_log.py needs to explain a verifier that gave up."""
    from pyoombpf.elf import loop_table

    table = loop_table(pcompile(L.exact_count).elf)
    assert [(t["line"] - table[0]["line"], t["iterator"], t["widened"], t["kept"]) for t in table] == [
        (0, True, [], []),  # best = c: a value computed afresh, which needs nothing
        (2, True, ["c"], []),  # c += 1: a recurrence
    ]
    assert loop_table(pcompile(L.straight).elf) == []


def test_with_the_measurement_switch_carried_numbers_are_listed_as_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    from pyoombpf.elf import loop_table

    monkeypatch.setenv("PYOOMBPF_KEEP_CARRIED", "1")
    obj = pcompile(L.exact_count)
    assert ZERO_SYMBOL not in obj.ir
    assert [t["kept"] for t in loop_table(obj.elf)] == [[], [["c", "u32", True]]]


@pytest.mark.kernel
def test_a_loop_the_verifier_must_walk_and_cannot_is_explained_at_its_line() -> None:
    from pyoombpf.errors import VerifierError

    with pytest.raises(VerifierError) as refused:
        KernelFunction(pcompile(L.too_long_constant_loop)).close()
    err = refused.value
    assert err.filename == L.__file__ and err.source_line is not None
    assert err.source_line.strip() == "for i in range(9000000):"
    assert "walks all 9,000,000 iterations of this loop" in err.summary
    text = str(err).splitlines()
    assert text[0].startswith(f"{L.__file__}:{err.lineno}:5: verifier rejected program 'too_long_constant_loop'")
    assert text[2].strip() == "^"
    assert text[3].startswith("note: a constant bound makes the verifier check each iteration separately")
