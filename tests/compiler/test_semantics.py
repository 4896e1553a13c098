"""Differential tests: every construct runs in the kernel and as Python on many inputs, with identical results."""

from __future__ import annotations

import inspect
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pyoombpf.testing import KernelFunction, compiled
from pyoombpf.types.core import BoolType, IntType

from . import progs_semantics as P

FUNCTIONS = [f for _, f in inspect.getmembers(P, inspect.isfunction) if f.__module__ == P.__name__]


def strategy_for(t: object) -> st.SearchStrategy[int]:
    if isinstance(t, BoolType):
        return st.booleans().map(int)
    assert isinstance(t, IntType)
    edges = [t.min, t.max, 0, 1, -1 if t.signed else 2, t.bits, t.bits - 1, t.bits + 1]
    return st.one_of(
        st.sampled_from([e for e in edges if t.fits(e)]),
        st.integers(t.min, t.max),
        st.integers(-3, 70).filter(t.fits),
    )


@pytest.fixture(scope="module")
def loaded() -> Iterator[dict[object, KernelFunction]]:
    cache: dict[object, KernelFunction] = {}
    yield cache
    for kf in cache.values():
        kf.close()


@pytest.mark.kernel
@pytest.mark.parametrize("fn", FUNCTIONS, ids=lambda f: f.__name__)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_kernel_matches_python(fn, loaded, data) -> None:  # type: ignore[no-untyped-def]
    kf = loaded.get(fn)
    if kf is None:
        kf = loaded[fn] = KernelFunction(fn)
    params = compiled(fn).program.entry.params
    args = [data.draw(strategy_for(p.type), label=p.name) for p in params]
    assert kf(*args) == compiled(fn).python()(*args)


@pytest.mark.parametrize("fn", FUNCTIONS, ids=lambda f: f.__name__)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_python_twin_matches_plain_python_without_overflow(fn, data) -> None:  # type: ignore[no-untyped-def]
    """Where no value leaves its type's range, the compiled semantics are Python's own: the original function
    (run by CPython on plain ints) gives the same answer.  Division by zero and out-of-range results are the
    documented exceptions and are skipped here."""
    params = compiled(fn).program.entry.params
    args = [data.draw(_small(p.type)) for p in params]
    try:
        expected = fn(*args)
    except (
        ZeroDivisionError,
        ValueError,
    ):  # x // 0 and negative shift counts: defined in BPF code, not in Python
        return
    got = compiled(fn).python()(*args)
    ret = compiled(fn).program.entry.return_type
    if isinstance(ret, IntType) and not ret.fits(expected):
        return
    if isinstance(expected, bool) or isinstance(ret, BoolType):
        assert bool(got) == bool(expected)
    else:
        assert got == expected


def _small(t: object) -> st.SearchStrategy[int]:
    if isinstance(t, BoolType):
        return st.booleans().map(int)
    return st.integers(-12, 12) if getattr(t, "signed", False) else st.integers(0, 12)


def test_known_values() -> None:
    """A few hand-checked results pin the chosen semantics (docs/language.md, "Integers")."""
    py = lambda f: compiled(f).python()  # noqa: E731
    assert py(P.floordiv_i64)(-7, 2) == -4  # floor, as Python
    assert py(P.mod_i64)(-7, 2) == 1
    assert py(P.floordiv_i64)(7, 0) == 0  # x // 0 == 0
    assert py(P.mod_i64)(7, 0) == 7  # x % 0 == x
    assert py(P.floordiv_i64)(-(2**63), -1) == -(2**63)  # wraps
    assert py(P.shl_u32)(1, 32) == 0  # shift by the width or more gives 0
    assert py(P.shr_i32)(-8, 40) == -1
    assert py(P.add_u8)(200, 100) == 44  # wrap-around
    assert py(P.compare_mixed)(-1, 2**64 - 1) == 1 | 2 | 8  # mathematical comparison


def test_constant_powers_tuples_and_in() -> None:
    """`**` of constants, len/sum/min/max/index of constant tuples fold to constants; `x in T` compares each element
    (docs/language.md, "Constant expressions")."""
    py = lambda f: compiled(f).python()  # noqa: E731
    assert py(P.power_constants)(5) == 5 + 8 * 2**20 // 2**10 + 8
    assert py(P.len_sum_of_tuples)(3) == 3 * (0 + 1 + 2 + 3) + 221 + 2 + 200 - 3 + 7 + 200
    assert py(P.in_constant_tuple)(3, -1) == 1 | 4
    assert py(P.in_constant_tuple)(255, 300) == 0  # 255 + 1 wraps to 0 in u8: not 256
    assert py(P.tuple_index_by_loop)(10, -1) == (3 + 7) * 16 * 81 + 200 * 27 + 11 * 9 + 7 * 3 + 3 + 3 + 1
