"""Release actions carried out by the relay: reclaim, drop disposable files, freeze (docs/bridge.md, "Release
actions").

A bridge-mode program only records what the policy chose (``pyoombpf/bridge/abi.py``: ``ActionRecord``); the
relay does it here and measures what it freed.  Everything here is bounded by a deadline and never waits on the
OOMing cgroup's tasks.

* **reclaim** — cgroup v2: ``memory.reclaim``.  cgroup v1 has no reclaim by amount (``memory.force_empty``
  reclaims *everything* and is meant for empty cgroups), so the relay writes a temporary
  ``memory.limit_in_bytes`` of usage − bytes: the kernel reclaims until the usage fits (as ``memory.reclaim``
  would), and the old limit is written back at once.  When the kernel cannot reclaim that much it refuses the
  new limit (``EBUSY``) after trying, and the limit never changed.
* **drop_files** — a directory the operator declared (``[release.<tag>]``): regular files, largest or oldest
  first, deleted one at a time until enough is freed.  The directory is opened with ``O_NOFOLLOW`` and walked
  through directory fds (``openat``/``fstatat``/``unlinkat`` relative to them): nothing outside it is ever
  reached, symlinks are never followed (a symlink itself is not deleted either), files with other hard links are
  left alone (deleting one name frees nothing), and ``keep`` globs are never deleted.
* **freeze** — cgroup v2: ``cgroup.freeze``; cgroup v1: the freezer controller's cgroup at the memcg's own path
  when it holds exactly the memcg's processes, else ``SIGSTOP`` to each of them.  After the policy's bound the
  cgroup is thawed or its processes killed; the relay thaws everything it froze when it stops.
"""

from __future__ import annotations

import contextlib
import fnmatch
import os
import signal
import stat
import time

from pyoombpf.errors import PyoombpfError
from pyoombpf.plain import Frozen, Plain

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: the relay process does without typing and dataclasses (docs/design.md)
    from collections.abc import Callable
    from typing import Any

ORDERS = ("largest", "oldest")
#: how deep drop_files descends into subdirectories, and how many entries it looks at at most
MAX_DEPTH = 8
MAX_ENTRIES = 100_000
MAX_DIRS = 512  # directory fds held open at once while walking
#: memory a release must leave below the limit: the paused charge must succeed (the kernel charges in batches
#: of up to 64 pages, a huge page is 2 MiB), and the v1 relay takes a memcg with less room than 4 MiB as still
#: full (it would run the policy again)
HEADROOM = 4 << 20
PAGE = os.sysconf("SC_PAGE_SIZE")

#: ``guard("undo", key, kind, *args)`` before a change that must not outlive the relay, ``guard("done", key)``
#: after the relay undid it (the v1 relay tells its watchdog: pyoombpf/bridge/watchdog.py); a Callable[..., None]


def _no_guard(*_msg: Any) -> None:
    return None


class ReleaseConfigError(PyoombpfError):
    """A ``[release.<tag>]`` declaration that cannot be used."""


class DropDir(Frozen):
    """A directory whose files may be deleted to free memory (``[release.<tag>]``)."""

    __slots__ = _fields = ("path", "order", "keep")
    path: str
    order: str
    keep: tuple[str, ...]

    def __init__(self, path: str, order: str = "largest", keep: tuple[str, ...] = ()) -> None:
        self._set(path=path, order=order, keep=tuple(keep))

    def check(self, tag: str) -> DropDir:
        """This declaration, validated: an absolute directory that is not a symlink, a known order."""
        if self.order not in ORDERS:
            raise ReleaseConfigError(f"[release.{tag}] order must be one of {', '.join(ORDERS)}, not {self.order!r}")
        if not os.path.isabs(self.path):
            raise ReleaseConfigError(f"[release.{tag}] path must be absolute: {self.path!r}")
        try:
            st = os.lstat(self.path)
        except OSError as e:
            raise ReleaseConfigError(f"[release.{tag}] path {self.path}: {e.strerror}") from None
        if stat.S_ISLNK(st.st_mode):
            raise ReleaseConfigError(
                f"[release.{tag}] path {self.path} is a symlink: declare the directory itself (symlinks are "
                "never followed)"
            )
        if not stat.S_ISDIR(st.st_mode):
            raise ReleaseConfigError(f"[release.{tag}] path {self.path} is not a directory")
        if os.path.realpath(self.path) != os.path.normpath(self.path):
            raise ReleaseConfigError(
                f"[release.{tag}] path {self.path} goes through a symlink (it is {os.path.realpath(self.path)}): "
                "declare the real directory"
            )
        return self


def check_tags(releases: list[list[object]], dirs: dict[str, DropDir]) -> None:
    """Every tag a policy's ``oc.drop_files`` names must be declared (before the relay starts)."""
    missing = sorted({str(r[1]) for r in releases if r[0] == "drop_files" and r[1] not in dirs})
    if missing:
        raise ReleaseConfigError(
            f"the policy drops files tagged {', '.join(missing)}, and no [release.<tag>] declares "
            f'{"them" if len(missing) > 1 else "it"}: add [release.{missing[0]}] path = "/dir" to the '
            "configuration (or release={...} in the Python API)"
        )
    for tag, d in dirs.items():
        d.check(tag)


# --------------------------------------------------------------------------------------------- reclaim


def reclaim(memcg_dir: str, nbytes: int, *, v2: bool, guard: Callable[..., None] = _no_guard) -> str:
    """Reclaim ``nbytes`` from the cgroup at ``memcg_dir``; "" when the kernel reclaimed all of it, else why not
    (the kernel may still have reclaimed part: measure the usage)."""
    if nbytes <= 0:
        return "nothing asked"
    if v2:
        try:
            _write(os.path.join(memcg_dir, "memory.reclaim"), str(nbytes))
        except OSError as e:
            return f"memory.reclaim: {os.strerror(e.errno or 0)}"
        return ""
    return _reclaim_v1(memcg_dir, nbytes, guard)


def _reclaim_v1(memcg_dir: str, nbytes: int, guard: Callable[..., None]) -> str:
    limit_file = os.path.join(memcg_dir, "memory.limit_in_bytes")
    try:
        old = int(_read(limit_file))
        usage = int(_read(os.path.join(memcg_dir, "memory.usage_in_bytes")))
    except (OSError, ValueError) as e:
        return f"cannot read the memcg's limit or usage: {e}"
    target = max(PAGE, (max(0, usage - nbytes) // PAGE) * PAGE)
    if target >= old:
        target = max(PAGE, ((old - nbytes) // PAGE) * PAGE)
    key = f"limit:{memcg_dir}"
    guard("undo", key, "write", limit_file, str(old))  # the watchdog restores it if the relay dies meanwhile
    try:
        _write(limit_file, str(target))
    except OSError as e:  # EBUSY: it reclaimed what it could and kept the old limit
        guard("done", key)
        return f"the kernel could not reclaim that much ({os.strerror(e.errno or 0)})"
    try:
        _write(limit_file, str(old))
    except OSError as e:
        return f"the limit could not be restored to {old} ({os.strerror(e.errno or 0)})"
    guard("done", key)
    return ""


# --------------------------------------------------------------------------------------------- drop_files


class _Candidate:
    """A file that may be deleted: ``parent`` (a directory fd owned by the walk), its name there, its path
    relative to the declared directory, the bytes it holds (``st_blocks * 512``), its mtime and identity."""

    __slots__ = ("parent", "name", "rel", "size", "mtime", "ino", "dev")

    def __init__(self, parent: int, name: str, rel: str, size: int, mtime: float, ino: int, dev: int) -> None:
        self.parent, self.name, self.rel, self.size, self.mtime, self.ino, self.dev = (
            parent, name, rel, size, mtime, ino, dev
        )  # fmt: skip


class DropResult(Plain):
    """What a drop did: ``deleted`` (path relative to the directory, bytes) in order, how many entries it
    ``skipped`` (symlinks, other files, hard-linked files, kept ones), or an ``error``."""

    __slots__ = _fields = ("deleted", "skipped", "error")

    def __init__(self) -> None:
        self.deleted: list[tuple[str, int]] = []
        self.skipped = 0
        self.error = ""


def drop_files(d: DropDir, enough: Callable[[], bool], deadline: float) -> DropResult:
    """Delete ``d``'s files in its order until ``enough()`` holds or ``deadline`` (monotonic) passes."""
    result = DropResult()
    fds: list[int] = []
    try:
        try:
            root = os.open(d.path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError as e:
            result.error = f"{d.path}: {os.strerror(e.errno or 0)}"
            return result
        fds.append(root)
        found: list[_Candidate] = []
        _collect(root, "", d, found, fds, result, 0)
        if d.order == "largest":
            found.sort(key=lambda c: (-c.size, c.rel))
        else:
            found.sort(key=lambda c: (c.mtime, c.rel))
        for c in found:
            if enough() or time.monotonic() >= deadline:
                break
            if _unlink(c):
                result.deleted.append((c.rel, c.size))
    finally:
        for fd in fds:
            os.close(fd)
    return result


def _collect(
    dirfd: int, prefix: str, d: DropDir, out: list[_Candidate], fds: list[int], result: DropResult, depth: int
) -> None:
    try:
        names = sorted(os.listdir(dirfd))
    except OSError:
        return
    for name in names:
        if len(out) + result.skipped >= MAX_ENTRIES:
            return
        rel = f"{prefix}{name}"
        try:
            st = os.stat(name, dir_fd=dirfd, follow_symlinks=False)
        except OSError:
            continue
        if any(fnmatch.fnmatchcase(rel, k) or fnmatch.fnmatchcase(name, k) for k in d.keep):
            result.skipped += 1
        elif stat.S_ISDIR(st.st_mode) and depth < MAX_DEPTH and len(fds) < MAX_DIRS:
            try:
                sub = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=dirfd)
            except OSError:
                continue
            fds.append(sub)
            _collect(sub, rel + "/", d, out, fds, result, depth + 1)
        elif stat.S_ISREG(st.st_mode) and st.st_nlink == 1:
            out.append(_Candidate(dirfd, name, rel, st.st_blocks * 512, st.st_mtime, st.st_ino, st.st_dev))
        else:
            result.skipped += 1  # a symlink, a device, a fifo, a file with other names: never deleted


def _unlink(c: _Candidate) -> bool:
    """``unlinkat`` the candidate if its name still is that same regular file (never follows a symlink)."""
    try:
        st = os.stat(c.name, dir_fd=c.parent, follow_symlinks=False)
        if not stat.S_ISREG(st.st_mode) or (st.st_ino, st.st_dev) != (c.ino, c.dev) or st.st_nlink != 1:
            return False
        os.unlink(c.name, dir_fd=c.parent)
    except OSError:
        return False
    return True


# --------------------------------------------------------------------------------------------- freeze


class FrozenCgroup(Plain):
    """A cgroup the relay froze: how (``freezer``: a ``freezer.state``/``cgroup.freeze`` file, else the pids it
    stopped), until when, and what then."""

    __slots__ = _fields = ("memcg_dir", "then", "until", "freezer", "stopped")

    def __init__(self, memcg_dir: str, then: str, until: float) -> None:
        self.memcg_dir, self.then, self.until = memcg_dir, then, until
        self.freezer = ""
        self.stopped: list[int] = []


class Freezer:
    """The cgroups frozen by the relay; :meth:`expire` thaws or kills those whose time is up, :meth:`close` thaws
    every one."""

    def __init__(
        self,
        *,
        v2: bool,
        memory_root: str = "",
        freezer_root: str = "/sys/fs/cgroup/freezer",
        guard: Callable[..., None] = _no_guard,
    ) -> None:
        self.v2 = v2
        self.guard = guard
        self.memory_root = memory_root
        self.freezer_root = freezer_root
        self.frozen: dict[str, FrozenCgroup] = {}

    def freeze(self, memcg_dir: str, seconds: int, then: str) -> str:
        """Freeze ``memcg_dir``'s processes; "" or why it could not."""
        if memcg_dir in self.frozen:
            return "already frozen"
        entry = FrozenCgroup(memcg_dir, then, time.monotonic() + seconds)
        key = f"frozen:{memcg_dir}"
        try:
            if self.v2:
                entry.freezer = os.path.join(memcg_dir, "cgroup.freeze")
                self.guard("undo", key, "write", entry.freezer, "0")
                _write(entry.freezer, "1")
            else:
                entry.freezer = self._v1_freezer(memcg_dir)
                if entry.freezer:
                    self.guard("undo", key, "write", entry.freezer, "THAWED")
                    _write(entry.freezer, "FROZEN")
                else:
                    pids = _procs(memcg_dir)
                    # told first: a relay killed meanwhile leaves none stopped
                    self.guard("undo", key, "cont", " ".join(str(p) for p in pids))
                    for pid in pids:
                        with contextlib.suppress(ProcessLookupError):
                            os.kill(pid, signal.SIGSTOP)
                            entry.stopped.append(pid)
        except OSError as e:
            self.guard("done", key)
            return f"{entry.freezer or memcg_dir}: {os.strerror(e.errno or 0)}"
        self.frozen[memcg_dir] = entry
        return ""

    def _v1_freezer(self, memcg_dir: str) -> str:
        """The v1 freezer cgroup at the memcg's own relative path, if it holds exactly the memcg's processes."""
        if not self.memory_root or not os.path.isdir(self.freezer_root):
            return ""
        rel = os.path.relpath(memcg_dir, self.memory_root)
        here = os.path.join(self.freezer_root, rel)
        try:
            same = set(_procs(here)) == set(_procs(memcg_dir))
        except OSError:
            return ""
        return (
            os.path.join(here, "freezer.state") if same and os.path.exists(os.path.join(here, "freezer.state")) else ""
        )

    def expire(self, now: float | None = None) -> list[tuple[FrozenCgroup, str]]:
        """Thaw or kill the cgroups whose time is up (or that are gone); (entry, what happened) for each."""
        now = time.monotonic() if now is None else now
        out = []
        for entry in [e for e in self.frozen.values() if e.until <= now or not os.path.isdir(e.memcg_dir)]:
            out.append((entry, self._end(entry, entry.then if os.path.isdir(entry.memcg_dir) else "gone")))
        return out

    def _end(self, entry: FrozenCgroup, then: str) -> str:
        del self.frozen[entry.memcg_dir]
        if then == "gone":
            self._thaw(entry)  # stopped pids that moved elsewhere must not stay stopped
            return "gone"
        if then == "kill":
            pids = set(entry.stopped)
            with contextlib.suppress(OSError):
                pids |= set(_procs(entry.memcg_dir))
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        self._thaw(entry)  # a killed process dies only once it runs: thaw after the signal
        return "killed" if then == "kill" else "thawed"

    def _thaw(self, entry: FrozenCgroup) -> None:
        self._thaw_now(entry)
        self.guard("done", f"frozen:{entry.memcg_dir}")

    @staticmethod
    def _thaw_now(entry: FrozenCgroup) -> None:
        if entry.freezer:
            with contextlib.suppress(OSError):
                _write(entry.freezer, "0" if entry.freezer.endswith("cgroup.freeze") else "THAWED")
        for pid in entry.stopped:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)

    def close(self) -> int:
        """Thaw everything still frozen; how many."""
        entries = list(self.frozen.values())
        for entry in entries:
            del self.frozen[entry.memcg_dir]
            self._thaw(entry)
        return len(entries)


# --------------------------------------------------------------------------------------------- files


def _procs(cgroup_dir: str) -> list[int]:
    return [int(p) for p in _read(os.path.join(cgroup_dir, "cgroup.procs")).split()]


def _read(path: str) -> str:
    with open(path) as f:
        return f.read()


def _write(path: str, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CLOEXEC)
    try:
        os.write(fd, text.encode())
    finally:
        os.close(fd)
