"""Command lines for the processes the relay starts as root, isolated from the caller's directory and environment.

``python -m pkg.mod`` puts the current directory first on ``sys.path``, and ``PYTHONPATH`` and the user site are
honoured too: a ``json.py`` in the directory someone starts ``pyoombpf run`` from would run as root in the
child.  So every child starts as ``<absolute interpreter> -I -c <bootstrap> ...``: ``-I`` (isolated mode) leaves
the current directory, every ``PYTHON*`` variable and the user site out of ``sys.path``, and the bootstrap imports
this very ``pyoombpf`` package from the directory it was loaded from — no directory is added to ``sys.path`` —
then calls ``main(argv)`` of the child's module.  The environment is scrubbed to a short allow-list.

The packages' ``__init__`` modules import their names on first use, so a child maps only the modules it imports
itself (the watchdog: no cffi, libbpf or compiler).

Children are started with ``posix_spawn`` (:func:`spawn`, :class:`Child`, :func:`run`), not :mod:`subprocess`: the
relay starts them, and ``subprocess`` would add its modules to the relay's locked memory for good.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import signal
import sys

from pyoombpf.errors import PyoombpfError

#: the ``PATH`` children get: system directories only
SAFE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
#: variables passed on (besides ``PYOOMBPF_*``, pyoombpf's own switches): locale, time zone, where caches live
KEEP_ENV = ("HOME", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "TZ", "XDG_CACHE_HOME")
PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

_BOOT = """\
import sys
pkg, module = sys.argv[1:3]
del sys.argv[1:3]
import importlib.machinery as m, types
init = pkg + "/__init__.py"
top = types.ModuleType("pyoombpf")
top.__spec__ = m.ModuleSpec("pyoombpf", m.SourceFileLoader("pyoombpf", init), origin=init, is_package=True)
top.__spec__.submodule_search_locations = top.__path__ = [pkg]
top.__file__, top.__loader__, top.__package__ = init, top.__spec__.loader, "pyoombpf"
sys.modules["pyoombpf"] = top
top.__spec__.loader.exec_module(top)
import importlib
raise SystemExit(importlib.import_module(module).main(sys.argv[1:]))
"""


def interpreter() -> str:
    """This process's interpreter as an absolute path (not resolved: a virtual environment's ``bin/python`` must
    stay that path, or the child would not see the environment's packages)."""
    exe = sys.executable
    if not exe:
        raise PyoombpfError("cannot start a helper process: this Python does not know its own interpreter path")
    return os.path.abspath(exe)


def command(module: str, args: list[str], *, site: bool = True) -> list[str]:
    """The argv that runs ``module.main(args)`` in an isolated child; without ``site`` (``-S``) it cannot import
    installed packages (llvmlite, cffi), only the standard library and pyoombpf, and starts smaller."""
    return [interpreter(), "-I", *([] if site else ["-S"]), "-c", _BOOT, PACKAGE_DIR, module, *args]


def environment() -> dict[str, str]:
    """The scrubbed environment of a child: ``PATH`` fixed, the allow-list and ``PYOOMBPF_*`` kept."""
    env = {"PATH": SAFE_PATH}
    for key, value in os.environ.items():
        if key in KEEP_ENV or key.startswith("PYOOMBPF_"):
            env[key] = value
    return env


class Child:
    """A child process started by :func:`spawn`: its pid and a pidfd (readable once it has exited).  Reaped by
    :meth:`wait` / :meth:`poll`; until then its pid cannot be reused, so signalling it by pid is safe."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.pidfd = os.pidfd_open(pid)
        self.returncode: int | None = None

    def poll(self) -> int | None:
        """The exit status if it has exited (reaping it), else None."""
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid == self.pid:
                self._reaped(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int | None:
        """Wait up to ``timeout`` seconds (None: for ever) for it to exit; its exit status, or None."""
        if self.returncode is None and timeout is not None:
            readable(self.pidfd, timeout)
            return self.poll()
        if self.returncode is None:
            self._reaped(os.waitpid(self.pid, 0)[1])
        return self.returncode

    def _reaped(self, status: int) -> None:
        self.returncode = os.waitstatus_to_exitcode(status)
        self._close_pidfd()

    def kill(self, signum: int = signal.SIGKILL) -> None:
        if self.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signum)

    def _close_pidfd(self) -> None:
        if self.pidfd >= 0:
            os.close(self.pidfd)
            self.pidfd = -1

    def close(self) -> None:
        """Kill and reap it if it still runs."""
        if self.poll() is None:
            self.kill()
            self.wait()
        self._close_pidfd()


def readable(fd: int, timeout: float, events: int = select.POLLIN) -> bool:
    """Whether ``fd`` becomes readable (or ``events``) within ``timeout`` seconds (``poll``, not ``select``: the
    relay's fds go past 1024 when it watches a few hundred memcgs)."""
    poller = select.poll()
    poller.register(fd, events)
    return bool(poller.poll(max(0.0, timeout) * 1000))


def spawn(module: str, args: list[str], fds: dict[int, int], *, new_session: bool = False, site: bool = True) -> Child:
    """Start ``module.main(args)`` isolated (:func:`command`, :func:`environment`), with the child's fd ``n`` a
    copy of this process's fd ``fds[n]`` (every other fd of ours is close-on-exec); in its own session with
    ``new_session``."""
    high = {child: _dup_high(parent) for child, parent in fds.items()}
    try:
        actions = [(os.POSIX_SPAWN_DUP2, fd, child) for child, fd in high.items()]
        pid = os.posix_spawn(
            interpreter(), command(module, args, site=site), environment(), file_actions=actions, setsid=new_session
        )
    finally:
        for fd in high.values():
            os.close(fd)
    return Child(pid)


def _dup_high(fd: int) -> int:
    """A close-on-exec copy of ``fd`` above the fds a child is given (so no mapping overwrites another's source);
    ``/dev/null`` for an fd this process does not have (a daemon started without stderr)."""
    try:
        return fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 16)
    except OSError:
        null = os.open(os.devnull, os.O_RDWR | os.O_CLOEXEC)
        try:
            return fcntl.fcntl(null, fcntl.F_DUPFD_CLOEXEC, 16)
        finally:
            os.close(null)


def run(module: str, args: list[str]) -> tuple[int, bytes, bytes]:
    """Run ``module.main(args)`` isolated to its end: (exit status, what it wrote to stdout, to stderr).  stdin is
    ``/dev/null``; stderr goes to a memory file, so a child writing much to both cannot block on either."""
    r, w = os.pipe2(os.O_CLOEXEC)
    err = os.memfd_create("pyoombpf-child-stderr", os.MFD_CLOEXEC)
    null = os.open(os.devnull, os.O_RDONLY | os.O_CLOEXEC)
    child: Child | None = None
    try:
        child = spawn(module, args, {0: null, 1: w, 2: err})
        os.close(w)
        w = -1
        out = _read_all(r)
        status = child.wait()
        os.lseek(err, 0, os.SEEK_SET)
        return status if status is not None else -1, out, _read_all(err)
    finally:
        if child is not None:
            child.close()  # interrupted (^C): the child goes too
        for fd in (r, w, err, null):
            if fd >= 0:
                os.close(fd)


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)
