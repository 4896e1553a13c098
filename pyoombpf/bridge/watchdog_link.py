"""The relay's end of its watchdog (the process is :mod:`pyoombpf.bridge.watchdog`): start it, tell it things,
hear from it, notice when it is gone.

The watchdog is started isolated (:mod:`pyoombpf.bridge.isolated`) in its own session.  Both pipes are
non-blocking on the relay's side: a stopped watchdog must not stall the relay.  Messages that only help the
watchdog time OOMs (``begin``/``end``) are dropped when its pipe is full; a ``watch`` message, which the watchdog
needs to restore that memcg, waits up to :data:`SEND_TIMEOUT_S` and otherwise raises :class:`WatchdogStuck`
(the relay then replaces the watchdog).  :attr:`pidfd` becomes readable when the process exits.
"""

from __future__ import annotations

import contextlib
import os
import select
import time

from pyoombpf.bridge import isolated
from pyoombpf.bridge.watchdog import BYE, READY, decode, encode
from pyoombpf.errors import KernelError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

START_TIMEOUT_S = 30.0
SEND_TIMEOUT_S = 2.0


class WatchdogStuck(KernelError):
    """The watchdog did not take a message it must have."""


class WatchdogLink:
    """A running watchdog for the memcg subtree at ``root`` (id ``root_id``), giving up on an OOM the relay has
    not resolved after ``limit_ms``."""

    def __init__(self, root: str, root_id: int, limit_ms: float) -> None:
        args = ["--root", root, "--root-id", str(root_id), "--limit-ms", f"{limit_ms:g}"]
        to_child, self._in = os.pipe2(os.O_CLOEXEC)
        self.out_fd, from_child = os.pipe2(os.O_CLOEXEC)
        try:
            # in its own session, not in the terminal's process group: ^C must not stop it before the relay
            self._proc = isolated.spawn(
                "pyoombpf.bridge.watchdog", args, {0: to_child, 1: from_child, 2: 2}, new_session=True, site=False
            )
        except BaseException:
            for fd in (self._in, self.out_fd):
                os.close(fd)
            raise
        finally:
            os.close(to_child)
            os.close(from_child)
        self.pid = self._proc.pid
        self._buf = b""
        self.pidfd = -1
        try:
            ready = self._ready()
            if ready is None:
                raise KernelError(
                    f"the bridge watchdog process did not start (exit status {self._proc.poll()}); run "
                    f"`{isolated.interpreter()} -m pyoombpf.bridge.watchdog {' '.join(args)}` to see why"
                )
            self.problems: dict[str, str | None] = dict(zip(ready[2::2], ready[3::2], strict=False))
            self.pidfd = os.pidfd_open(self.pid)
            os.set_blocking(self._in, False)
            os.set_blocking(self.out_fd, False)
        except BaseException:
            self.close(clean=False)
            raise

    def _ready(self) -> list[Any] | None:
        end = time.monotonic() + START_TIMEOUT_S
        while b"\n" not in self._buf:
            left = end - time.monotonic()
            if left <= 0 or not isolated.readable(self.out_fd, left):
                return None
            chunk = os.read(self.out_fd, 4096)
            if not chunk:
                return None
            self._buf += chunk
        line, _, self._buf = self._buf.partition(b"\n")
        msg = decode(line)
        return msg if msg is not None and msg[0] == READY else None

    def send(self, *msg: Any, must: bool = False) -> bool:
        """Write one message; False when the watchdog is gone or (unless ``must``) its pipe is full."""
        data = encode(*msg)
        end = time.monotonic() + SEND_TIMEOUT_S
        while data:
            try:
                data = data[os.write(self._in, data) :]
            except BrokenPipeError:
                return False
            except BlockingIOError:
                left = end - time.monotonic()
                if not must:
                    return False
                if left <= 0:
                    raise WatchdogStuck(
                        f"the watchdog (pid {self.pid}) has not read its pipe for {SEND_TIMEOUT_S} s"
                    ) from None
                isolated.readable(self._in, left, select.POLLOUT)
            except OSError:
                return False
        return True

    def receive(self) -> list[list[Any]]:
        """The messages the watchdog has sent since the last call (non-blocking)."""
        while True:
            try:
                chunk = os.read(self.out_fd, 65536)
            except (BlockingIOError, OSError):
                break
            if not chunk:
                break
            self._buf += chunk
        out = []
        while b"\n" in self._buf:
            line, _, self._buf = self._buf.partition(b"\n")
            msg = decode(line)
            if msg is not None:
                out.append(msg)
        return out

    def exited(self) -> bool:
        return self._proc.poll() is not None

    @property
    def returncode(self) -> int | None:
        return self._proc.poll()

    def close(self, *, clean: bool = True, kill: bool = False) -> None:
        """Say goodbye (``clean``: the relay restored everything itself), close the pipe — the watchdog restores
        whatever is still ours and exits — and reap it; killed when it does not exit within 10 s, or at once with
        ``kill`` (a watchdog that stopped reading)."""
        if clean and not self.exited():
            self.send(BYE)
        if kill and not self.exited():
            self._proc.kill()
        for fd in (self._in, self.out_fd):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._in = self.out_fd = -1
        if self._proc.wait(timeout=10) is None:
            self._proc.kill()
            self._proc.wait()
        self._proc.close()
        if self.pidfd >= 0:
            os.close(self.pidfd)
            self.pidfd = -1
