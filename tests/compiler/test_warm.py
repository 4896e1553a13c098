"""``pyoombpf compile`` makes LLVM ready in a child process while it reads the policy (pyoombpf/codegen/warm.py):
the object is byte for byte the one a compile in process makes, whatever happens to the child the compile ends as
it would without it (never a hang, never a process left behind), and a command the object cache will serve never
starts it — nor loads LLVM.

Each case runs in a fresh Python process: a fork is only taken from a process with one thread, and what LLVM makes
is compared between two processes' first emissions (as the command's is)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.compiler.test_backend_guard import NARROW_ATOMIC, SIX_ARGUMENTS, big_frame

ROOT = Path(__file__).resolve().parents[2]

#: one Backend on the IR in argv[2]; argv[1] says what goes wrong in the child
_BACKEND = r"""
import json, os, select, signal, sys
sys.path.insert(0, sys.argv[3])
from pyoombpf.codegen import warm

case, ir_text = sys.argv[1], open(sys.argv[2]).read()
if case == "no-llvm":  # the child cannot make LLVM ready
    def _die_with(parent):
        raise ImportError("no LLVM in this child")
    warm._die_with = _die_with
elif case == "killed":  # the child dies while LLVM works on the module
    warm._answer = lambda emit, text, asm: os.kill(os.getpid(), signal.SIGKILL)
elif case == "unused":  # the command ends before it has a module (an error in the policy, a Ctrl-C)
    b = warm.Backend.start(asm=False)
    pid = b.pid
    pinned = os.pidfd_open(pid)  # gone means this process, not whatever later gets its pid (pids wrap)
    b.close()
    try:
        os.waitpid(pid, os.WNOHANG)
        reaped = False
    except ChildProcessError:
        reaped = True
    gone = bool(select.select([pinned], [], [], 0)[0])  # a pidfd is readable once its process has exited
    print(json.dumps({"reaped": reaped, "pid_gone": gone}))
    sys.exit(0)
b = warm.Backend.start(asm=True)
assert b is not None
try:
    e = b.emit(ir_text)
    out = None if e is None else {"elf": e.elf.hex(), "asm": e.asm, "isolated": e.isolated, "stack": e.stack}
except Exception as exc:
    out = {"error": type(exc).__name__, "message": str(exc),
           "refusals": [[r.function, r.kind] for r in getattr(exc, "refusals", [])]}
finally:
    b.close()
print(json.dumps({"result": out, "llvm_here": "llvmlite.binding" in sys.modules, "pid": b.pid}))
"""

#: emit_object in this process, for reference
_HERE = r"""
import json, sys
sys.path.insert(0, sys.argv[2])
from pyoombpf.codegen.emit import emit_object
e = emit_object(open(sys.argv[1]).read())
print(json.dumps({"elf": e.elf.hex(), "asm": e.asm, "isolated": e.isolated, "stack": e.stack}))
"""


def _python(code: str, *args: str, env: dict[str, str] | None = None) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300, check=False, env=env
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _backend(tmp_path: Path, case: str, ir_text: str) -> dict[str, object]:
    path = tmp_path / "module.ll"
    path.write_text(ir_text)
    return _python(_BACKEND, case, str(path), str(ROOT))


def _here(tmp_path: Path, ir_text: str) -> dict[str, object]:
    path = tmp_path / "module.ll"
    path.write_text(ir_text)
    return _python(_HERE, str(path), str(ROOT))


def test_the_child_makes_the_object_an_emission_here_makes(tmp_path: Path) -> None:
    got = _backend(tmp_path, "fine", big_frame(6))
    assert got["result"] == _here(tmp_path, big_frame(6))
    assert not got["llvm_here"]  # the parent never loaded LLVM
    assert got["pid"] is None  # and reaped the child


def test_a_refusal_in_the_child_is_the_refusal_here(tmp_path: Path) -> None:
    got = _backend(tmp_path, "fine", SIX_ARGUMENTS)["result"]
    assert isinstance(got, dict)
    assert (got["error"], got["refusals"]) == ("BackendRefusal", [["six", "arguments"]])


def test_a_module_outside_the_envelope_fails_as_it_does_here(tmp_path: Path) -> None:
    got = _backend(tmp_path, "fine", NARROW_ATOMIC)["result"]
    assert isinstance(got, dict)
    assert got["error"] == "BackendFailure" and "unsupported atomic operation" in got["message"]


def test_a_child_without_llvm_leaves_the_emission_to_the_caller(tmp_path: Path) -> None:
    got = _backend(tmp_path, "no-llvm", big_frame(6))
    assert got["result"] is None  # compiler.py then emits in process, and meets any error itself
    assert got["pid"] is None


def test_a_child_killed_at_work_is_replaced_by_a_fresh_one(tmp_path: Path) -> None:
    got = _backend(tmp_path, "killed", big_frame(6))["result"]
    here = _here(tmp_path, big_frame(6))
    assert isinstance(got, dict)
    assert got["isolated"] and {**got, "isolated": False} == here


def test_an_unused_child_is_stopped_and_reaped(tmp_path: Path) -> None:
    got = _backend(tmp_path, "unused", "")
    assert got == {"reaped": True, "pid_gone": True}


_COMMAND = r"""
import json, os, sys
sys.path.insert(0, sys.argv[1])
forks = []
real_fork = os.fork
def fork():
    forks.append(1)
    return real_fork()
os.fork = fork
from pyoombpf import cli
statuses = []
for out in sys.argv[3:]:
    before = len(forks)
    statuses.append([cli.main(["compile", sys.argv[2], "-o", out, "-q"]), len(forks) - before])
print(json.dumps({"runs": statuses, "llvm_here": "llvmlite.binding" in sys.modules}))
"""

_LIBRARY = r"""
import hashlib, sys
sys.path.insert(0, sys.argv[1])
import pyoombpf
from pyoombpf.files import import_file, pick_function
fn = pick_function(import_file(sys.argv[2]), None, sys.argv[2])
print(hashlib.sha256(pyoombpf.compile(fn).elf).hexdigest())
"""


def _env(tmp_path: Path, cache: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYOOMBPF_")}
    env.update(
        PYOOMBPF_VMLINUX_BTF=str(tmp_path / "no-kernel-btf"),  # the bundled kernel description: the same everywhere
        PYOOMBPF_CACHE_DIR=str(tmp_path / "cache"),
        PYOOMBPF_OBJECT_CACHE=cache,
    )
    return env


@pytest.mark.parametrize("example", ["largest_leaf", "psi_oom"])
def test_the_command_makes_the_object_a_compile_in_process_makes(tmp_path: Path, example: str) -> None:
    import hashlib

    src = str(ROOT / "examples" / f"{example}.py")
    out = tmp_path / "out.o"
    got = _python(_COMMAND, str(ROOT), src, str(out), env=_env(tmp_path, "0"))
    assert got == {"runs": [[0, 1]], "llvm_here": False}
    done = subprocess.run(
        [sys.executable, "-c", _LIBRARY, str(ROOT), src],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
        env=_env(tmp_path, "0"),
    )
    assert hashlib.sha256(out.read_bytes()).hexdigest() == done.stdout.strip()


def test_a_command_the_cache_serves_starts_no_llvm(tmp_path: Path) -> None:
    """The first compile of a source starts LLVM's child and stores the object; the next finds the source's hint,
    starts nothing and takes the object from the cache.  An edited source is a likely miss again."""
    src = tmp_path / "policy.py"
    src.write_text((ROOT / "examples" / "largest_leaf.py").read_text())
    outs = [str(tmp_path / f"out{i}.o") for i in range(2)]
    got = _python(_COMMAND, str(ROOT), str(src), *outs, env=_env(tmp_path, "1"))
    assert got == {"runs": [[0, 1], [0, 0]], "llvm_here": False}
    assert Path(outs[0]).read_bytes() == Path(outs[1]).read_bytes()
    src.write_text(src.read_text() + "\n# edited\n")
    got = _python(_COMMAND, str(ROOT), str(src), outs[0], env=_env(tmp_path, "1"))
    assert got == {"runs": [[0, 1]], "llvm_here": False}


def test_a_command_that_compiled_leaves_no_child(tmp_path: Path) -> None:
    """The child that answered is left to exit while the command writes its output, and reaped at the end."""
    code = _COMMAND.replace(
        'print(json.dumps({"runs"',
        "children = open(f'/proc/{os.getpid()}/task/{os.getpid()}/children').read().split()\n"
        'print(json.dumps({"children": children, "runs"',
    )
    src = str(ROOT / "examples" / "largest_leaf.py")
    got = _python(code, str(ROOT), src, str(tmp_path / "out.o"), env=_env(tmp_path, "0"))
    assert got == {"children": [], "runs": [[0, 1]], "llvm_here": False}


def test_an_error_in_the_policy_leaves_no_child(tmp_path: Path) -> None:
    src = tmp_path / "broken.py"
    src.write_text("from pyoombpf import u64\n\n\ndef f(x: u64) -> u64:\n    return x + undefined_name\n")
    code = _COMMAND.replace(
        'print(json.dumps({"runs"',
        "children = open(f'/proc/{os.getpid()}/task/{os.getpid()}/children').read().split()\n"
        'print(json.dumps({"children": children, "runs"',
    )
    got = _python(code, str(ROOT), str(src), str(tmp_path / "out.o"), env=_env(tmp_path, "0"))
    assert got == {"children": [], "runs": [[1, 1]], "llvm_here": False}
