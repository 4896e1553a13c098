"""The reproducers of issue 14 (tests/compiler/robustness/, one module each): ``compile()`` behaves like a
library call on every one of them.

Each module is compiled in a fresh ``python -I -c "...compile(...)...; print('alive')"`` child, so that one that
ends its process (as ten of them did inside LLVM's BPF backend) fails this test instead of ending pytest.  The
child must print ``alive``, and the outcome must be the one the module states:

* a line marked ``# E: <token> | <message part>`` (tests/error_marks.py): a ``CompileError`` located in the
  module, at that line and the column where ``<token>`` starts, whose message contains ``<message part>``
  (where the limit a module exceeds is reached depends on Python's stack, several lines may be marked: the
  error is at one of them);
* no mark: the module compiles, ``compiled.python()`` builds its Python model, and with ``ARGS`` the model's
  results are computed (and, in the kernel test, equal the kernel's).

A module compiles ``TARGET`` (with ``MODE`` and ``NAME`` when it sets them), or calls its own ``run()``.  The
compile-only test uses pyoombpf's bundled kernel description, so it gives the same result on every machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import pyoombpf
from tests.error_marks import MARK

CORPUS = Path(__file__).with_name("robustness")
FILES = sorted(CORPUS.glob("*.py"))

#: what the issue's "python -c '...compile(f)...; print(\"alive\")'" does, for one module of the corpus
CHILD = r"""
import json, sys
import pyoombpf
from pyoombpf.files import import_file

path, kernel = sys.argv[1], sys.argv[2] == "1"
out = {}
try:
    mod = import_file(path, "pyoombpf_reproducer")
    if hasattr(mod, "run"):
        obj = mod.run()
    else:
        options = {k.lower(): getattr(mod, k) for k in ("MODE", "NAME") if hasattr(mod, k)}
        obj = pyoombpf.compile(mod.TARGET, **options)
    out = {"outcome": "compiled", "isolated": getattr(obj._emitted, "isolated", False)}
    from pyoombpf.pyexec.rules import PyEnv
    model = obj.python(PyEnv())  # one environment for all calls: maps keep their entries, as in the kernel
    args = [tuple(a) for a in getattr(mod, "ARGS", [])]
    out["python"] = [int(model(*a)) for a in args]
    if kernel and args:
        from pyoombpf.testing import KernelFunction
        with KernelFunction(obj) as kf:
            out["kernel"] = [int(kf(*a)) for a in args]
except pyoombpf.CompileError as e:
    out = {"outcome": "error", "type": type(e).__name__, "file": e.filename, "line": e.lineno, "col": e.col,
           "message": e.message, "text": str(e)}
print(json.dumps(out))
print("alive")
"""

#: seconds one reproducer may take (the largest take a few; the machine may be loaded)
TIMEOUT_S = 300


def expected_errors(path: Path) -> dict[tuple[int, int], str]:
    """{(line, column): message part} of the module's ``# E:`` marks; empty when it must compile."""
    out = {}
    for lineno, line in enumerate(path.read_text().splitlines(), 1):
        m = MARK.search(line)
        if m:
            token = m.group(1)
            token = token.rstrip("# ").rstrip() if token.endswith("#") else token
            out[lineno, line.split("# E:")[0].index(token) + 1] = m.group(2).strip()
    return out


def run_child(path: Path, *, kernel: bool, tmp_path: Path) -> dict[str, Any]:
    env = dict(os.environ)
    env.pop("PYOOMBPF_DEBUG", None)  # located errors, not raw tracebacks
    env.pop("PYOOMBPF_ISOLATE", None)  # the pre-check itself is under test
    if not kernel:  # compile as on a machine without kernel BTF: the same result everywhere
        env["PYOOMBPF_VMLINUX_BTF"] = str(tmp_path / "no-kernel-btf")
    r = subprocess.run(
        [sys.executable, "-I", "-c", CHILD, str(path), "1" if kernel else "0"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    lines = r.stdout.splitlines()
    assert r.returncode == 0 and lines[-1:] == ["alive"], (
        f"{path.name}: the compiling process did not survive (exit status {r.returncode})\n"
        f"--- stdout\n{r.stdout[-3000:]}\n--- stderr\n{r.stderr[-3000:]}"
    )
    return json.loads(lines[-2])  # type: ignore[no-any-return]


def check_outcome(path: Path, out: dict[str, Any]) -> None:
    expected = expected_errors(path)
    if not expected:
        assert out["outcome"] == "compiled", f"{path.name} must compile:\n{out.get('text', out)}"
        assert not out["isolated"], f"{path.name} needed a child process for LLVM (outside the pre-checked envelope)"
        return
    assert out["outcome"] == "error", f"{path.name} must fail with a located error, but it compiled"
    text = out["text"]
    line, col = out["line"], out["col"]
    assert out["file"] == str(path) and (line, col) in expected, f"{path.name}: not at a marked place:\n{text}"
    message = expected[line, col]
    assert message in out["message"], f"{path.name}: expected {message!r} in:\n{text}"
    assert "internal compiler error" not in text and "pyoombpf bug" not in text, text
    first = text.splitlines()[0]
    assert first == f"{path}:{line}:{col}: error: {out['message']}", first


def test_corpus_is_complete() -> None:
    names = {p.stem for p in FILES}
    # the reproducers: process exits, exceptions of other kinds, unlocated errors, names, python()
    for prefix in ("exit_", "decorator_", "target_", "names_", "nesting_", "python_", "range_", "huge_"):
        assert any(n.startswith(prefix) for n in names), prefix
    assert len(FILES) >= 30


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_reproducer_compiles_or_fails_located(path: Path, tmp_path: Path) -> None:
    check_outcome(path, run_child(path, kernel=False, tmp_path=tmp_path))


_RUNNABLE = [p for p in FILES if "\nARGS = " in p.read_text()]


@pytest.mark.kernel
@pytest.mark.parametrize("path", _RUNNABLE, ids=[p.stem for p in _RUNNABLE])
def test_reproducer_runs_the_same_in_the_kernel(path: Path, tmp_path: Path) -> None:
    out = run_child(path, kernel=True, tmp_path=tmp_path)
    check_outcome(path, out)
    assert out["kernel"] == out["python"], f"{path.name}: the kernel and the Python model differ: {out}"


def test_a_kernel_type_the_compiler_needs_is_a_located_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """A type the lowering looks up itself (bridge mode's ``struct cgroup``), missing from the kernel description,
    is a CompileError located in the user's file, not a BtfError from pyoombpf's insides."""
    from pyoombpf.btf.abi import TypeSource
    from pyoombpf.btf.errors import TypeNotFoundError
    from tests.examples import example

    real = TypeSource.lookup

    def lookup(self: TypeSource, kind: str, name: str) -> Any:
        if (kind, name) == ("struct", "cgroup"):
            raise TypeNotFoundError(kind, name, "this test's kernel description")
        return real(self, kind, name)

    monkeypatch.setattr(TypeSource, "lookup", lookup)
    mod = example("largest_leaf")
    with pytest.raises(pyoombpf.CompileError) as info:
        pyoombpf.compile(mod.largest_leaf, mode="bridge")
    assert info.value.loc is not None and info.value.loc.filename == mod.__file__
    assert "struct 'cgroup' not found" in str(info.value)
