"""Policy files Python itself cannot load, with the located error every entry point must print for them.

Each case: (name, file contents, line, column, caret width, the message after ``error: ``).  Lines and columns are
the policy file's own; the message is CPython's, after the exception's name -- or, for a declaration pyoombpf
refuses at import time, pyoombpf's own located ``DeclarationError``, passed on as it is.
"""

from __future__ import annotations

_HEAD = "from pyoombpf import PASS, OomControl, Verdict, oom_handler\n\n\n"
_POLICY = '@oom_handler(name="p")\ndef p(oc: OomControl) -> Verdict:\n    return PASS\n'

CASES: list[tuple[str, str, int, int, int, str]] = [
    (
        "syntax",
        _HEAD + '@oom_handler(name="p")\ndef p(oc: OomControl) -> Verdict\n    return PASS\n',
        5,
        33,
        1,
        "SyntaxError: expected ':'",
    ),
    ("unclosed", _HEAD + _POLICY + "X = (1,\n", 7, 5, 1, "SyntaxError: '(' was never closed"),
    (
        "indentation",
        _HEAD + '@oom_handler(name="p")\ndef p(oc: OomControl) -> Verdict:\n    x = 1\n      return PASS\n',
        7,
        7,
        1,
        "IndentationError: unexpected indent",
    ),
    (
        "no_indented_block",
        _HEAD + '@oom_handler(name="p")\ndef p(oc: OomControl) -> Verdict:\nreturn PASS\n',
        6,
        1,
        1,
        "IndentationError: expected an indented block after function definition on line 5",
    ),
    (
        "tabs",
        _HEAD
        + '@oom_handler(name="p")\ndef p(oc: OomControl) -> Verdict:\n    if oc:\n\treturn PASS\n    return PASS\n',
        7,
        1,
        1,
        "TabError: inconsistent use of tabs and spaces in indentation",
    ),
    (
        "import",
        "import no_such_module_pyoombpf\n" + _HEAD + _POLICY,
        1,
        1,
        30,
        "ModuleNotFoundError: No module named 'no_such_module_pyoombpf'",
    ),
    (
        "import_name",
        "from pyoombpf import PASS, OomControl, Verdict, oom_handler, Nope\n\n\n" + _POLICY,
        1,
        1,
        65,
        "ImportError: cannot import name 'Nope' from 'pyoombpf'",
    ),
    ("name", _HEAD + "LIMIT = 64 * MIB\n\n\n" + _POLICY, 4, 14, 3, "NameError: name 'MIB' is not defined"),
    (
        "library_raises",
        _HEAD.replace("oom_handler\n", "oom_handler, u64, HashMap\n")
        + "m = HashMap(u64, u64, max_entries=0)\n\n\n"
        + _POLICY,
        4,
        5,
        32,
        "max_entries must be a positive integer of at most 4294967295, got 0",  # pyoombpf's own, located error
    ),
    (
        "exit",
        _HEAD + "raise SystemExit(3)\n",
        4,
        1,
        19,
        "SystemExit: the file exited while it was loaded (exit status 3)",
    ),
]


def expected(path: str, line: int, col: int, width: int, message: str) -> tuple[str, str]:
    """The first line of the error (up to the message's start) and the caret line."""
    return f"{path}:{line}:{col}: error: {message}", " " * (col - 1) + "^" + "~" * (width - 1)
