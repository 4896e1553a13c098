"""Every construct outside the subset is a located CompileError; nothing is dropped and nothing crashes."""

from __future__ import annotations

import inspect
import traceback

import pytest

import pyoombpf
from pyoombpf.compiler import compile as pcompile
from tests.error_marks import marked_cases

from . import progs_errors as P

CASES = marked_cases(P)


def test_every_error_function_is_marked() -> None:
    marked = {c[0] for c in CASES}
    unmarked = [
        f.__name__
        for _, f in inspect.getmembers(P, inspect.isfunction)
        if f.__module__ == P.__name__ and f not in marked and f.__name__ not in ("helper_two", "break_outside")
    ]
    assert not unmarked


@pytest.mark.parametrize(("fn", "line", "col", "message"), CASES, ids=[c[0].__name__ for c in CASES])
def test_error_is_located(fn, line: int, col: int, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(pyoombpf.CompileError) as info:
        pcompile(fn)
    err = info.value
    assert message in err.message, str(err)
    assert (err.filename, err.lineno, err.col) == (P.__file__, line, col), str(err)
    text = str(err).splitlines()
    assert text[0] == f"{P.__file__}:{line}:{col}: error: {err.message}"
    assert text[2].index("^") == col - 1  # the caret sits under the offending column
    assert "Traceback" not in str(err) and "pyoombpf/" not in "\n".join(text[:3])


def test_internal_frames_do_not_leak() -> None:
    with pytest.raises(pyoombpf.CompileError) as info:
        pcompile(P.floats)
    frames = [f.filename for f in traceback.extract_tb(info.value.__traceback__)]
    assert not any("/pyoombpf/frontend/" in f or "/pyoombpf/lowering/" in f for f in frames), frames


def test_stage_subclasses() -> None:
    with pytest.raises(pyoombpf.FrontendError):
        pcompile(P.list_comp)
    with pytest.raises(pyoombpf.TypingError):
        pcompile(P.mixed_sign)


def test_not_a_function() -> None:
    with pytest.raises(pyoombpf.CompileError, match="not a Python function"):
        pcompile(len)  # type: ignore[arg-type]


def test_cast_hint_only_for_integers() -> None:
    """``write u64(...)`` is offered only where a cast can help: a kernel object is no integer to cast."""
    with pytest.raises(pyoombpf.CompileError) as info:
        pcompile(P.kernel_object_into_map)
    assert not any("u64(...)" in n for n in info.value.notes), str(info.value)
    with pytest.raises(pyoombpf.CompileError) as info:
        pcompile(P.narrowing)
    assert any("write u32(...) to convert explicitly" in n for n in info.value.notes), str(info.value)


def test_map_declared_in_a_function_says_where_maps_go() -> None:
    with pytest.raises(pyoombpf.CompileError) as info:
        pcompile(P.map_declared_inside)
    assert "maps are declared at module level (m = HashMap(...)) and used by name in BPF code" in info.value.notes
