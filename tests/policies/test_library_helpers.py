"""The library's policy files repeat their small helpers on purpose: each file is a whole policy that
``pyoombpf policies NAME > mine.py`` hands to a user, with nothing to import from the others.  The price of that is
that a fix made in one copy must be made in all; this test holds the copies to one text.

Two names mean different things in different files, on purpose, and are listed with why.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pyoombpf.policies

LIBRARY = Path(pyoombpf.policies.__file__).parent

#: helper names whose body differs by design between files
DIFFERENT_ON_PURPOSE = {
    "kill_whole": "the default kill differs: the whole cgroup, or one process for kernel_like and earlyoom_like",
    "choose": "each policy's own ranking",
}


def _helpers() -> dict[str, dict[str, str]]:
    """name -> {file stem: the helper's signature and body, docstring left out}."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for path in sorted(LIBRARY.glob("*.py")):
        if path.name.startswith("_"):
            continue
        for node in ast.parse(path.read_text()).body:
            if not isinstance(node, ast.FunctionDef) or node.decorator_list:
                continue
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                body = body[1:]
            found[node.name][path.stem] = (
                ast.dump(node.args) + ast.dump(node.returns or ast.Constant(None)) + "".join(ast.dump(s) for s in body)
            )
    return found


def test_a_helper_repeated_in_several_policies_is_the_same_everywhere() -> None:
    differing = {}
    for name, copies in _helpers().items():
        if len(set(copies.values())) > 1 and name not in DIFFERENT_ON_PURPOSE:
            differing[name] = sorted(copies)
    assert not differing, f"helpers whose copies drifted apart (make them the same, or rename one): {differing}"


def test_the_helpers_that_differ_on_purpose_still_exist_and_differ() -> None:
    helpers = _helpers()
    for name in DIFFERENT_ON_PURPOSE:
        assert len(set(helpers[name].values())) > 1, f"{name} is the same everywhere now: drop it from the list"
