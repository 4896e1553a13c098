"""Events as journal entries, read back with journalctl from a real systemd-journald.

This machine runs no journald (no systemd as PID 1), so the test starts one in a mount namespace of its own:
a tmpfs on /run there gives it its sockets and a volatile journal, invisible to the rest of the machine (its
own configuration drop-in turns off reading the kernel log and every forwarding).  The relay runs inside that
namespace (nsenter), so ``/run/systemd/journal/socket`` is that journald's, exactly as on a systemd host."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.bridge.v1 import REPO, V1Tree
from tests.waits import wait_until

pytestmark = pytest.mark.kernel

JOURNALD = next(
    (p for p in ("/lib/systemd/systemd-journald", "/usr/lib/systemd/systemd-journald") if os.path.exists(p)), None
)
SETUP = (
    "mount -t tmpfs -o mode=0755 tmpfs /run && mkdir -p /run/systemd/journal /run/log/journal "
    "/run/systemd/journald.conf.d && printf '[Journal]\\nStorage=volatile\\nReadKMsg=no\\nForwardToSyslog=no\\n"
    "ForwardToKMsg=no\\nForwardToConsole=no\\nForwardToWall=no\\n' > /run/systemd/journald.conf.d/pyoombpf-test.conf"
    " && exec {journald}"
)


class PrivateJournal:
    """A systemd-journald in its own mount namespace; ``entries()`` reads its journal."""

    def __init__(self) -> None:
        missing = [t for t in ("unshare", "nsenter", "journalctl") if shutil.which(t) is None]
        if JOURNALD is None or missing:
            pytest.skip(
                f"needs systemd-journald and {', '.join(missing) or 'journalctl'} (Debian: systemd, util-linux)"
            )
        self.proc = subprocess.Popen(
            ["unshare", "--mount", "--propagation", "private", "--", "sh", "-c", SETUP.format(journald=JOURNALD)]
        )
        root = Path(f"/proc/{self.proc.pid}/root")
        self.socket = root / "run/systemd/journal/socket"
        self.directory = root / "run/log/journal"
        if not wait_until(lambda: self.socket.exists() or self.proc.poll() is not None, timeout=30):
            self.close()
            pytest.fail("the private journald did not create its socket within 30 s")
        if self.proc.poll() is not None:
            pytest.skip(f"systemd-journald could not start outside systemd here (exit {self.proc.returncode})")

    def command(self, *argv: str) -> list[str]:
        """``argv`` run inside the journal's mount namespace."""
        return ["nsenter", "-t", str(self.proc.pid), "-m", "--", *argv]

    def entries(self, *matches: str) -> list[dict[str, Any]]:
        out = subprocess.run(
            ["journalctl", "-D", str(self.directory), "-o", "json", "--no-pager", *matches],
            capture_output=True,
            text=True,
        )
        return [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def journal() -> Iterator[PrivateJournal]:
    j = PrivateJournal()
    try:
        yield j
    finally:
        j.close()


def test_a_kill_is_a_structured_journal_entry(tree: V1Tree, journal: PrivateJournal, tmp_path: Path) -> None:
    tree.limit(tree.root, 256)
    tree.make("workload", limit_mb=128)
    tree.make("workload/big")
    tree.make("workload/alloc")
    big = tree.spawn("workload/big", 70)
    config = tmp_path / "pyoombpf.toml"
    config.write_text(f'policy = "{REPO}/examples/largest_leaf.py"\ncgroup = "{tree.root}"\nlog = "journal"\n')
    cmd = journal.command(sys.executable, "-I", "-m", "pyoombpf.cli", "run", "--config", str(config))
    run = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert wait_until(lambda: journal.entries("PYOOMBPF_EVENT=start") or run.poll() is not None, timeout=60)
        assert run.poll() is None, run.communicate()
        alloc = tree.spawn("workload/alloc", 60, wait=False)
        assert wait_until(lambda: journal.entries("PYOOMBPF_EVENT=kill"), timeout=60), journal.entries()
        assert alloc.wait_done() and big.killed()
        run.send_signal(signal.SIGTERM)
        out, err = run.communicate(timeout=30)
        assert run.returncode == 0, err
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    assert out == ""  # with log = journal, nothing on stdout: no entry twice under systemd
    [kill] = journal.entries("PYOOMBPF_EVENT=kill")
    assert kill["SYSLOG_IDENTIFIER"] == "pyoombpf" and kill["PRIORITY"] == "5"
    assert (kill["VICTIM_PID"], kill["CGROUP"], kill["POLICY"], kill["REASON"]) == (
        str(big.pid),
        tree.path("workload/big"),
        "largest_leaf",
        "largest_leaf policy",
    )
    assert (
        kill["MESSAGE"]
        == f"oom #1: killed {big.pid} ({kill['VICTIM_COMM']}) in {tree.path('workload/big')}: largest_leaf policy"
    )
    assert kill["_PID"] == str(run.pid)
    kinds = [e["PYOOMBPF_EVENT"] for e in journal.entries("SYSLOG_IDENTIFIER=pyoombpf")]
    assert kinds[kinds.index("start") :][:5] == ["start", "oom", "verdict", "kill", "freed"], kinds
    assert kinds[-1] == "stop"  # flushed before the relay exited
