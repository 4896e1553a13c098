"""Policy misuse is a located compile error."""

from __future__ import annotations

import pytest

import pyoombpf
from pyoombpf.compiler import compile as pcompile
from tests.error_marks import marked_cases

from . import progs_policy_errors as P

CASES = marked_cases(P)


@pytest.mark.parametrize(("fn", "line", "col", "message"), CASES, ids=[c[0].__name__ for c in CASES])
def test_policy_error_is_located(fn, line: int, col: int, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(pyoombpf.CompileError) as info:
        pcompile(fn)
    err = info.value
    assert message in str(err), str(err)
    assert (err.filename, err.lineno, err.col) == (P.__file__, line, col), str(err)
