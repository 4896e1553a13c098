"""The relay's watchdog: a separate process that gives OOMs back to the kernel when the relay dies.

The relay starts it (``python -m pyoombpf.bridge.watchdog``) before it changes anything and keeps it told,
through a pipe on the watchdog's stdin, of every memcg where it set ``oom_kill_disable=1`` (``["+", path]``)
and of every one it restored itself (``["-", path]``), one JSON array per line, *before* it writes the setting.
When the pipe reaches end of file while memcgs are still listed — the relay exited without restoring them,
e.g. it was SIGKILLed — the watchdog writes ``oom_kill_disable=0`` on each (which also wakes tasks paused in an
OOM so the kernel's OOM killer acts) and exits.  End of file comes the moment the relay's last fd on the pipe
closes, so the restore takes milliseconds.  ``PR_SET_PDEATHSIG`` (SIGTERM) is a backup for the case where the
pipe's write end outlives the relay.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from types import FrameType
from typing import IO

from pyoombpf.errors import KernelError

READY = "ready"


def restore(paths: set[str]) -> list[str]:
    """Write ``oom_kill_disable=0`` to each memcg; returns the paths that failed (e.g. removed meanwhile)."""
    failed = []
    for path in sorted(paths):
        try:
            with open(os.path.join(path, "memory.oom_control"), "w") as f:
                f.write("0")
        except OSError:
            failed.append(path)
    return failed


def _serve(stdin: IO[bytes], changed: set[str]) -> None:
    for line in iter(stdin.readline, b""):
        op, path = json.loads(line)
        if op == "+":
            changed.add(path)
        elif op == "-":
            changed.discard(path)


def main() -> int:
    from pyoombpf.runtime.process import OOM_SCORE_ADJ_MIN, lock_memory, set_oom_score_adj, set_parent_death_signal

    parent = os.getppid()
    changed: set[str] = set()

    def on_term(signum: int, frame: FrameType | None) -> None:
        # The death signal also comes when only the relay's *thread* that started us exits: act only once the
        # relay process itself is gone (we were re-parented).
        if os.getppid() != parent:
            restore(changed)
            os._exit(0)

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a terminal's ^C goes to the relay, which restores and stops us
    signal.signal(signal.SIGTERM, on_term)
    problems = {
        "pdeathsig": set_parent_death_signal(signal.SIGTERM),
        "mlockall": lock_memory(),
        "oom_score_adj": set_oom_score_adj(OOM_SCORE_ADJ_MIN),
    }
    if os.getppid() != parent:  # the relay died before the death signal was armed
        return 0
    print(json.dumps([READY, os.getpid(), problems]), flush=True)
    _serve(sys.stdin.buffer, changed)
    restore(changed)
    return 0


class Watchdog:
    """The relay's handle on its watchdog process (see the module docstring)."""

    def __init__(self) -> None:
        package_parent = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_parent, env.get("PYTHONPATH", "")) if p)
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "pyoombpf.bridge.watchdog"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            start_new_session=True,  # not in the terminal's process group: ^C must not stop it before the relay
        )
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._in = self._proc.stdin
        line = self._proc.stdout.readline()
        self._proc.stdout.close()
        try:
            tag, self.pid, self.problems = json.loads(line)
        except ValueError:
            tag = None
        if tag != READY:
            self._in.close()
            self._proc.wait()
            raise KernelError(
                f"the bridge watchdog process did not start (exit status {self._proc.returncode}); run "
                f"`{sys.executable} -m pyoombpf.bridge.watchdog` to see why"
            )

    def _send(self, op: str, path: str) -> None:
        try:
            self._in.write(json.dumps([op, path]).encode() + b"\n")
            self._in.flush()
        except BrokenPipeError:
            pass  # the watchdog is gone; the relay notices (alive()) and warns

    def changed(self, path: str) -> None:
        """Call *before* setting ``oom_kill_disable=1`` on ``path``."""
        self._send("+", path)

    def restored(self, path: str) -> None:
        """Call after restoring ``path``'s original setting."""
        self._send("-", path)

    def alive(self) -> bool:
        return self._proc.poll() is None

    def close(self) -> None:
        """Close the pipe (the watchdog restores what is still listed and exits) and reap it."""
        if not self._in.closed:
            with contextlib.suppress(BrokenPipeError):
                self._in.close()
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()


if __name__ == "__main__":
    raise SystemExit(main())
