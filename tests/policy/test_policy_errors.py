"""Policy misuse is a located compile error."""

from __future__ import annotations

import inspect
import re

import pytest

import pyoombpf
from pyoombpf.compiler import compile as pcompile

from . import progs_policy_errors as P

_MARK = re.compile(r"# E: (.+?) \| (.+?)(?:\s+#.*)?$")


def _cases() -> list[tuple[object, int, int, str]]:
    out = []
    for fn in (f for _, f in inspect.getmembers(P, inspect.isfunction) if f.__module__ == P.__name__):
        lines, start = inspect.getsourcelines(fn)
        for i, line in enumerate(lines):
            m = _MARK.search(line)
            if m:
                token = m.group(1).rstrip("# ").rstrip() if m.group(1).endswith("#") else m.group(1)
                out.append((fn, start + i, line.split("# E:")[0].index(token) + 1, m.group(2).strip()))
    return out


CASES = _cases()


@pytest.mark.parametrize(("fn", "line", "col", "message"), CASES, ids=[c[0].__name__ for c in CASES])
def test_policy_error_is_located(fn, line: int, col: int, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(pyoombpf.CompileError) as info:
        pcompile(fn)
    err = info.value
    assert message in str(err), str(err)
    assert (err.filename, err.lineno, err.col) == (P.__file__, line, col), str(err)
