"""The ``# E: <token> | <message part>`` markers of the programs that must not compile.

A marked line says: compiling the function it is in fails at this line, at the column where ``<token>`` starts
(a token ending in ``#`` stops before that comment), with an error containing ``<message part>``.
"""

from __future__ import annotations

import inspect
import re
from types import FunctionType, ModuleType

MARK = re.compile(r"# E: (.+?) \| (.+?)(?:\s+#.*)?$")


def marked_cases(module: ModuleType) -> list[tuple[FunctionType, int, int, str]]:
    """(function, file line, column, message part) for every marked line of ``module``'s functions."""
    out = []
    for _, fn in inspect.getmembers(module, inspect.isfunction):
        if fn.__module__ != module.__name__:
            continue
        lines, start = inspect.getsourcelines(fn)
        for i, line in enumerate(lines):
            m = MARK.search(line)
            if m:
                token = m.group(1)
                token = token.rstrip("# ").rstrip() if token.endswith("#") else token
                out.append((fn, start + i, line.split("# E:")[0].index(token) + 1, m.group(2).strip()))
    return out
