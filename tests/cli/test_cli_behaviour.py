"""The ``pyoombpf`` command behaves like a seasoned tool: ``--version``, validated options, a quiet exit on a
closed pipe and on Ctrl-C, a message (never a traceback) for every failure unless ``--debug`` asks for one."""

from __future__ import annotations

import gc
import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

import pytest

import pyoombpf
from pyoombpf import cli

REPO = Path(__file__).resolve().parents[2]
LL = str(REPO / "examples" / "largest_leaf.py")
SCENARIO = str(REPO / "examples" / "scenarios" / "largest_leaf.toml")


def _cli(*args: str, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pyoombpf.cli", *args], cwd=REPO, capture_output=True, text=True, timeout=300, **kw
    )


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"pyoombpf {pyoombpf.__version__}\n"
    assert pyoombpf.__version__ == importlib.metadata.version("pyoombpf")  # one version, not two


def test_compile_of_a_file_without_a_function_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "constants.py"
    empty.write_text("LIMIT = 1\n")
    assert cli.main(["compile", str(empty)]) == 1
    err = capsys.readouterr().err
    assert err == f"pyoombpf: error: {empty} defines no function: pyoombpf compiles a module-level `def` of the file\n"


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--deadline-ms", "-5", "argument --deadline-ms: must be a number of milliseconds greater than 0, not -5"),
        ("--deadline-ms", "0", "argument --deadline-ms: must be a number of milliseconds greater than 0, not 0"),
        ("--deadline-ms", "nan", "argument --deadline-ms: must be a finite number, not nan"),
        ("--deadline-ms", "soon", "argument --deadline-ms: not a number: 'soon'"),
        ("--cooldown-ms", "-1", "argument --cooldown-ms: must be a number of milliseconds, 0 or more, not -1"),
        ("--cooldown-ms", "inf", "argument --cooldown-ms: must be a finite number, not inf"),
    ],
)
def test_run_validates_numbers_before_doing_anything(
    option: str, value: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["run", LL, f"{option}={value}"])
    assert info.value.code == 2
    assert f"pyoombpf run: error: {message}" in capsys.readouterr().err


def test_call_arguments_must_be_integers(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["call", str(REPO / "examples" / "pick_victim.py"), "--function", "score", "12x"]) == 1
    assert capsys.readouterr().err == ("pyoombpf call: error: argument '12x' is not an integer (0x…, 0o…, 0b… work)\n")


@pytest.mark.parametrize(
    "args",
    [
        ("simulate", LL, "--scenario", SCENARIO, "--json"),
        ("compile", LL, "--emit", "ir", "-o", "-"),
    ],
    ids=["simulate", "compile"],
)
def test_a_closed_pipe_ends_the_command_quietly(args: tuple[str, ...]) -> None:
    """``… | head -1``: the reader is gone before the command writes (it compiles first): exit 141, stderr empty."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "pyoombpf.cli", *args], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == cli.EXIT_BROKEN_PIPE
    assert err == ""


def test_the_compile_command_ends_its_process_with_everything_written(tmp_path: Path) -> None:
    """Started as a command, ``pyoombpf compile`` ends the process itself, without the interpreter's teardown
    (cli._exit_now): what it wrote to a pipe and to its files is all there, the status and messages as always;
    called as a function it returns (the tests above)."""
    out = tmp_path / "x.o"
    done = _cli("compile", LL, "-o", str(out), env={**os.environ, "PYOOMBPF_OBJECT_CACHE": "0"})
    assert done.returncode == 0
    assert done.stderr.startswith(f"pyoombpf: wrote {out} (") and out.read_bytes()[:4] == b"\x7fELF"
    piped = _cli("compile", LL, "--emit", "ir", "-o", "-")
    assert piped.returncode == 0 and piped.stderr == ""
    assert cli.main(["compile", LL, "--emit", "ir", "-o", str(tmp_path / "x.ll")]) == 0
    assert piped.stdout == (tmp_path / "x.ll").read_text()
    assert gc.isenabled()  # paused for the compile only
    bad = _cli("compile", str(tmp_path / "missing.py"))
    assert (bad.returncode, bad.stdout) == (1, "")
    assert bad.stderr == f"pyoombpf: error: no such file: {tmp_path / 'missing.py'}\n"


def test_main_without_arguments_returns_to_its_caller(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``cli.main()`` reads sys.argv but, as any library call, never ends the caller's process: only the
    ``pyoombpf`` script's entry (``cli.command``) ends it after a compile."""
    monkeypatch.setattr(sys, "argv", ["pyoombpf", "compile", LL, "-q", "-o", str(tmp_path / "y.o")])
    assert cli.main() == 0
    assert (tmp_path / "y.o").read_bytes()[:4] == b"\x7fELF"


PLAIN = [
    ["x.py"],
    ["x.py", "-o", "x.o"],
    ["-o", "-", "--emit", "ir", "x.py"],
    ["x.py", "--output", "o", "--policy", "p", "--abi", "v2", "--emit", "asm", "-q"],
    ["--function", "f", "--quiet", "x.py", "--abi", "post-v3", "--emit", "opt-ir"],
    ["x.py", "--mode", "bridge", "-o", "x.o"],
    ["--mode", "struct_ops", "x.py"],
    ["", "--function", "-"],
]
NOT_PLAIN = [
    [],
    ["-h"],
    ["x.py", "--emit=ir"],
    ["x.py", "--out", "x.o"],
    ["x.py", "y.py"],
    ["x.py", "-o", "a", "-o", "b"],
    ["x.py", "-q", "--quiet"],
    ["x.py", "-o"],
    ["x.py", "-o", "-x"],
    ["x.py", "--emit", "elf"],
    ["x.py", "--abi", "v9"],
    ["x.py", "--mode", "psi"],
    ["-", "-o", "x.o"],
    ["--", "x.py"],
    ["x.py", "-ox.o"],
]


@pytest.mark.parametrize("argv", PLAIN)
def test_plain_compile_arguments_are_what_argparse_makes_of_them(argv: list[str]) -> None:
    """`pyoombpf compile` parses its usual command lines without importing argparse, to the same values."""
    import argparse

    parser = cli.compile_arguments(argparse.ArgumentParser(prog="pyoombpf compile"))
    plain = cli.plain_compile_arguments(argv)
    assert plain is not None and vars(plain) == vars(parser.parse_args(argv))


@pytest.mark.parametrize("argv", NOT_PLAIN)
def test_other_compile_arguments_go_to_argparse(argv: list[str]) -> None:
    assert cli.plain_compile_arguments(argv) is None


def test_compile_usage_errors_are_argparse_s() -> None:
    done = _cli("compile", LL, "--emit", "elf")
    assert done.returncode == 2 and "argument --emit: invalid choice: 'elf'" in done.stderr
    assert "usage: pyoombpf compile" in _cli("compile", "--help").stdout


def test_an_unexpected_exception_is_a_message_unless_debugging(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(args: object) -> int:
        raise RuntimeError("a pyoombpf bug")

    monkeypatch.setattr(cli, "cmd_compile", broken)
    monkeypatch.setenv("PYOOMBPF_DEBUG", "")  # (undone after the test, also what --debug sets below)
    assert cli.main(["compile", LL]) == 1
    err = capsys.readouterr().err
    assert err.startswith("pyoombpf: internal error: RuntimeError: a pyoombpf bug\n")
    assert "--debug" in err and "Traceback" not in err
    with pytest.raises(RuntimeError, match="a pyoombpf bug"):
        cli.main(["--debug", "compile", LL])
    assert os.environ.get("PYOOMBPF_DEBUG") == "1"  # children (the bridge compiler) see it too


def test_ctrl_c_during_a_command_exits_130_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "cmd_compile", interrupted)
    monkeypatch.setenv("PYOOMBPF_DEBUG", "")
    assert cli.main(["compile", LL]) == cli.EXIT_INTERRUPTED
    assert capsys.readouterr() == ("", "")


def test_an_os_error_is_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYOOMBPF_DEBUG", "")
    out = tmp_path / "no" / "such" / "dir" / "x.o"
    assert cli.main(["compile", LL, "-o", str(out)]) == 1
    assert capsys.readouterr().err == f"pyoombpf: error: No such file or directory: {out}\n"


def test_the_command_starts_without_the_language_modules() -> None:
    """Until main() runs a Ctrl-C prints a traceback: importing the command must stay cheap."""
    code = "import sys, pyoombpf.cli; print(sorted(m for m in sys.modules if m.startswith('pyoombpf')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['pyoombpf', 'pyoombpf.cli']"


def test_simulate_live_without_a_cgroup_snapshots_the_whole_hierarchy(capsys: pytest.CaptureFixture[str]) -> None:
    from pyoombpf.simulate.errors import ScenarioError
    from pyoombpf.simulate.live import detect_root

    try:
        detect_root()
    except ScenarioError as e:
        pytest.skip(str(e))
    assert cli.main(["simulate", LL, "--live"]) == 0
    out = capsys.readouterr().out
    assert "policy largest_leaf, attached at /; OOM in /" in out and "decision: " in out


def test_compile_mode_bridge_writes_the_object_run_loads(tmp_path: Path) -> None:
    """``--mode bridge`` makes the same object as ``compile(policy, mode="bridge")`` (what ``pyoombpf run`` loads
    on stock kernels), with and without the object cache; a plain function has no bridge mode: a located error."""
    from pyoombpf import compile as pcompile
    from pyoombpf.files import import_file, pick_function

    want = pcompile(pick_function(import_file(LL), None, LL), mode="bridge")
    for cache in ("0", "1", "1"):  # off, then a miss or hit, then a hit
        out = tmp_path / f"b{cache}.o"
        done = _cli(
            "compile", LL, "--mode", "bridge", "-o", str(out), env={**os.environ, "PYOOMBPF_OBJECT_CACHE": cache}
        )
        assert done.returncode == 0, done.stderr
        assert done.stderr == f"pyoombpf: wrote {out} ({want.insn_count} BPF instructions)\n"
        assert out.read_bytes() == want.elf
    pick = str(REPO / "examples" / "pick_victim.py")
    bad = _cli("compile", pick, "--function", "score", "--mode", "bridge", "-o", str(tmp_path / "x.o"))
    assert bad.returncode == 1
    assert bad.stderr.startswith(f"{pick}:25:1: error: 'score' is not an @oom_handler policy: only policies have a")
