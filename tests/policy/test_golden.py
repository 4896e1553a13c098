"""Golden snapshots of the example policies' code: an unintended change to what the compiler emits shows up
as a readable diff.  Regenerate on purpose with ``PYOOMBPF_UPDATE_GOLDEN=1 pytest tests/policy/test_golden.py``.

The snapshots are compiled against the bundled kernel description (the ``bundled_kernel`` fixture), never the
running kernel's BTF: struct layouts, member indexes and enum values differ between builds of the same kernel,
and the snapshots must be the same on every machine.  ``test_golden_isolation.py`` reruns this file with the
machine's BTF replaced by another build's, so a new dependency on the machine fails here, not on the next box."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from pyoombpf.compiler import compile as pcompile
from tests.examples import example

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLES = {"largest_leaf": "largest_leaf", "oomd_like": "oomd_like"}


#: test programs with a snapshot too: the cgroup/task queries (parent, names, rss, task.memcg, victim_exiting)
PROGRAMS = {"queries": "queries"}


def _policy(name: str) -> object:
    if name in PROGRAMS:
        from . import progs_queries

        return getattr(progs_queries, PROGRAMS[name])
    return getattr(example(name), EXAMPLES[name])


def normalize_ir(text: str) -> str:
    """The IR without debug metadata, per-process serials and absolute paths."""
    out = []
    for line in text.splitlines():
        if line.startswith("!") or line.startswith("; ModuleID"):
            continue
        line = re.sub(r", !dbg ![0-9]+", "", line)
        line = re.sub(r" !dbg ![0-9]+", "", line)
        line = re.sub(r", !llvm\.preserve\.access\.index ![0-9]+", "", line)
        line = re.sub(r"___pyo[0-9]+", "___pyoN", line)
        line = re.sub(r"struct\.([a-z_]+)\.[0-9]+", r"struct.\1.N", line)
        out.append(line.rstrip())
    return "\n".join(out).strip() + "\n"


def normalize_asm(text: str) -> str:
    return re.sub(r"___pyo[0-9]+", "___pyoN", text.replace(str(ROOT), "<repo>"))


@pytest.mark.parametrize("name", sorted(EXAMPLES) + sorted(PROGRAMS))
@pytest.mark.parametrize(
    ("kind", "render"), [("ll", lambda o: normalize_ir(o.ir)), ("s", lambda o: normalize_asm(o.asm))]
)
@pytest.mark.usefixtures("bundled_kernel")
def test_golden(name: str, kind: str, render: object) -> None:
    obj = pcompile(_policy(name))  # type: ignore[arg-type]
    got = render(obj)  # type: ignore[operator]
    path = GOLDEN / f"{name}.{kind}"
    if os.environ.get("PYOOMBPF_UPDATE_GOLDEN") or not path.exists():
        path.write_text(got)
        if not os.environ.get("PYOOMBPF_UPDATE_GOLDEN"):
            pytest.fail(f"{path} did not exist; it was written now: review and commit it")
    assert got == path.read_text(), f"{name} changed; review the diff, then PYOOMBPF_UPDATE_GOLDEN=1"
