"""Finding 1 of issue 13: the processes the relay starts (the compile child, the watchdog) run as root, so nothing
from the caller's directory, ``PYTHONPATH`` or user site may be importable in them.

A planted ``json.py``, ``base64.py`` and a shadow ``pyoombpf/`` package (both used by the children) record that they
ran; the children must never import them.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from pyoombpf.bridge.abi import BridgeContext
from pyoombpf.bridge.decider import Decision
from pyoombpf.bridge.precompile import compile_in_child
from pyoombpf.bridge.relay import Relay

from .v1 import REPO, CliRun, V1Tree

pytestmark = pytest.mark.kernel

PLANTED = ("json.py", "base64.py", "pyoombpf/__init__.py", "pyoombpf/cli.py")


def plant(where: Path, marker: Path) -> None:
    """Modules that append their name and pid to ``marker`` when imported, then stop the process."""
    for rel in PLANTED:
        path = where / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            "import os\n"
            f"with open({str(marker)!r}, 'a') as f:\n"
            f"    f.write('{rel} ran in ' + str(os.getpid()) + '\\n')\n"
            "raise SystemExit('planted module ran')\n"
        )


@pytest.fixture
def planted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """cwd, PYTHONPATH and the user site (PYTHONUSERBASE) of this process full of planted modules."""
    marker = tmp_path / "ran.txt"
    cwd, path_dir, user_base = tmp_path / "cwd", tmp_path / "pythonpath", tmp_path / "userbase"
    user_site = user_base / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"
    for where in (cwd, path_dir, user_site):
        plant(where, marker)
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("PYTHONPATH", str(path_dir))
    monkeypatch.setenv("PYTHONUSERBASE", str(user_base))
    return marker


def decline(ctx: BridgeContext) -> Decision:
    return Decision(0, ctx)


def test_the_compile_child_never_imports_planted_modules(planted: Path) -> None:
    pre = compile_in_child(str(REPO / "examples" / "largest_leaf.py"))
    assert pre.elf.startswith(b"\x7fELF")
    assert not planted.exists(), planted.read_text()


def test_the_watchdog_never_imports_planted_modules(planted: Path, tree: V1Tree) -> None:
    with Relay(tree.root, decline, lock_memory=False) as relay:
        relay.run_once(0)
    assert not planted.exists(), planted.read_text()
    assert tree.oom_control()["oom_kill_disable"] == 0


def test_pyoombpf_run_from_a_directory_full_of_planted_modules(tmp_path: Path, tree: V1Tree) -> None:
    """The command as an operator types it (the console script), from a directory holding planted modules."""
    marker = tmp_path / "ran.txt"
    cwd = tmp_path / "cwd"
    plant(cwd, marker)
    script = Path(sys.executable).parent / "pyoombpf"
    policy = str(REPO / "examples" / "largest_leaf.py")
    with CliRun(policy, "--cgroup", tree.root, cwd=cwd, command=[str(script)]) as run:
        start = run.next("start")
        assert start["watchdog_pid"] > 0
        run.signal(signal.SIGINT)
        run.next("stop")
        assert run.wait() == 0
    assert not marker.exists(), marker.read_text()
    assert os.path.exists(script)


def test_the_watchdog_is_lean_and_in_its_own_session(tree: V1Tree) -> None:
    """The watchdog stays small (it is locked in memory for the relay's lifetime): no cffi, libbpf or LLVM."""
    with Relay(tree.root, decline, lock_memory=False) as relay:
        pid = relay.watchdog_pid
        assert pid is not None
        with open(f"/proc/{pid}/maps") as f:
            maps = f.read()
        with open(f"/proc/{pid}/status") as f:
            rss_kib = int(next(line for line in f if line.startswith("VmRSS:")).split()[1])
        assert os.getsid(pid) == pid
    for heavy in ("_cffi_backend", "libbpf", "llvmlite", "libLLVM"):
        assert heavy not in maps, heavy
    print(f"watchdog RSS {rss_kib / 1024:.1f} MiB")
