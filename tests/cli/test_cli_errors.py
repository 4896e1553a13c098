"""A policy file Python cannot load gets the same located error from every entry point: ``compile``, ``call``,
``simulate``, ``run`` (both modes), the library's ``import_file`` and the pytest plugin's report — the file's own
line and column, the source line, a caret, exit status 1, and no traceback (unless ``PYOOMBPF_DEBUG=1``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pyoombpf import cli
from pyoombpf.errors import PolicyFileError
from pyoombpf.files import import_file

from .bad_files import CASES, expected

REPO = Path(__file__).resolve().parents[2]
SCENARIO = str(REPO / "examples" / "scenarios" / "largest_leaf.toml")
#: the cases the slower (subprocess) entry points are checked with
SOME = ("syntax", "name", "import")


def _write(tmp_path: Path, name: str, source: str) -> str:
    path = tmp_path / f"bad_{name}.py"
    path.write_text(source)
    return str(path)


def _check(err: str, path: str, line: int, col: int, width: int, message: str) -> None:
    first, caret = expected(path, line, col, width, message)
    lines = err.splitlines()
    assert lines[0].startswith(first), err
    assert lines[2] == caret, err
    assert "Traceback" not in err, err


@pytest.mark.parametrize("entry", ["compile", "call", "simulate"])
@pytest.mark.parametrize(("name", "source", "line", "col", "width", "message"), CASES, ids=[c[0] for c in CASES])
def test_every_command_points_at_the_line(
    entry: str,
    name: str,
    source: str,
    line: int,
    col: int,
    width: int,
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = _write(tmp_path, name, source)
    argv = {
        "compile": ["compile", path, "-o", str(tmp_path / "out.o")],
        "call": ["call", path],
        "simulate": ["simulate", path, "--scenario", SCENARIO],
    }[entry]
    assert cli.main(argv) == 1
    out = capsys.readouterr()
    _check(out.err, path, line, col, width, message)
    assert out.out == ""


@pytest.mark.parametrize("mode", ["bridge", "struct_ops"])
@pytest.mark.parametrize("name", SOME)
def test_run_points_at_the_line_before_it_attaches_anything(mode: str, name: str, tmp_path: Path) -> None:
    """``run`` compiles in a child process in bridge mode and in-process in struct_ops mode: the same error."""
    case = next(c for c in CASES if c[0] == name)
    path = _write(tmp_path, name, case[1])
    done = subprocess.run(
        [sys.executable, "-m", "pyoombpf.cli", "run", path, "--mode", mode, "--cgroup", "/no/such/cgroup"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr
    _check(done.stderr, path, *case[2:])


def test_the_library_raises_a_located_policy_file_error(tmp_path: Path) -> None:
    case = next(c for c in CASES if c[0] == "name")
    path = _write(tmp_path, "lib", case[1])
    with pytest.raises(PolicyFileError) as info:
        import_file(path)
    err = info.value
    assert (err.loc.lineno, err.loc.col) == (case[2], case[3])  # type: ignore[union-attr]
    assert err.source_line == "LIMIT = 64 * MIB"
    assert err.__cause__ is None and err.__suppress_context__  # no chain back into importlib
    assert "_pyoombpf_user_bad_lib" not in sys.modules  # a failed load leaves no half-made module behind


def test_debug_keeps_pythons_own_exception(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYOOMBPF_DEBUG", "1")
    case = next(c for c in CASES if c[0] == "syntax")
    with pytest.raises(SyntaxError):
        import_file(_write(tmp_path, "debug", case[1]))


def test_an_error_in_a_module_the_policy_imports_points_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    helper = tmp_path / "helper_mod_pyoombpf.py"
    helper.write_text("TABLE = {}\nFIRST = TABLE['first']\n")
    policy = _write(tmp_path, "uses_helper", "import helper_mod_pyoombpf\nfrom pyoombpf import PASS\n")
    sys.path.insert(0, str(tmp_path))
    try:
        assert cli.main(["compile", policy]) == 1
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("helper_mod_pyoombpf", None)
    err = capsys.readouterr().err
    assert err.startswith(f"{helper}:2:9: error: KeyError: 'first'\nFIRST = TABLE['first']\n        ^~~~~~~~~~~~~~")
    assert f"note: while Python loaded {policy}" in err


@pytest.mark.parametrize("name", SOME)
def test_the_pytest_plugin_reports_the_line(name: str, tmp_path: Path) -> None:
    """A test module importing a broken policy: the collection error is the located error, not a traceback."""
    case = next(c for c in CASES if c[0] == name)
    policy = tmp_path / "my_policy.py"
    policy.write_text(case[1])
    (tmp_path / "test_mine.py").write_text("from my_policy import p\n\n\ndef test_p():\n    assert p\n")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_mine.py"],  # (the plugin: pytest11)
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode != 0
    first, caret = expected(str(policy), *case[2:])
    assert first in done.stdout and f"\n{caret}\n" in done.stdout, done.stdout
    assert "Traceback" not in done.stdout and "importlib" not in done.stdout, done.stdout


def test_the_plugin_leaves_a_test_modules_own_errors_to_pytest(tmp_path: Path) -> None:
    """Only a policy file's failure is rewritten: a test module whose own code raises keeps pytest's report."""
    (tmp_path / "test_own.py").write_text("import pyoombpf\n\nVALUE = {}['missing']\n\n\ndef test_x():\n    pass\n")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_own.py"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode != 0
    assert "KeyError: 'missing'" in done.stdout and ": error: KeyError" not in done.stdout, done.stdout


def test_a_module_next_to_the_policy_is_named_when_it_is_not_found(tmp_path: Path) -> None:
    """``import helpers`` of a helpers.py next to the policy: Python's script run would find it, a file loaded
    by its path does not; the error says so and how to make it found."""
    (tmp_path / "helpers_next_to_it.py").write_text("LIMIT = 5\n")
    path = _write(tmp_path, "sibling", "import helpers_next_to_it\n")
    with pytest.raises(PolicyFileError) as info:
        import_file(path)
    assert info.value.message == "ModuleNotFoundError: No module named 'helpers_next_to_it'"
    assert any(f"set PYTHONPATH={tmp_path}" in n for n in info.value.notes), info.value.notes
