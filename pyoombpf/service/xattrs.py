"""systemd's ``ManagedOOMPreference=`` honoured by any policy with a ``prefs`` map: the xattrs mirrored into it.

systemd (PID 1) marks the cgroup of a unit with ``ManagedOOMPreference=omit`` with the extended attribute
``user.oomd_omit`` and one with ``avoid`` with ``user.oomd_avoid`` (value ``"1"``); systemd-oomd reads them on
each candidate, honours them only on cgroups owned by root, and lets omit win when both are set.
:class:`XattrPrefs` does the same for a pyoombpf policy: it reads both xattrs on every cgroup of the attach
subtree and keeps the policy's ``prefs`` map (cgroup id → the policy's ``OMIT`` / ``AVOID`` constant) current:

* right before each decision (bridge mode: ``BridgePolicy.before_decision``), so an xattr set a moment before
  an OOM is seen by the decision;
* at once when an xattr changes: inotify reports ``setxattr``/``removexattr`` on cgroupfs as ``IN_ATTRIB`` (on
  cgroup v1 and v2; measured on Linux 6.18), and a watcher thread re-reads then — what keeps struct_ops mode,
  where the kernel calls the policy without the relay, current;
* once a second from the housekeeping thread, in case an event was lost (a full inotify queue).

Only entries the mirror wrote are changed or removed; a preference other than NONE that the configuration file
sets for the same cgroup wins (the mirror leaves that cgroup alone).  The library policies also read the xattrs
in the kernel (``memcg.xattr_flag()``, ``bpf_cgroup_read_xattr``), where the kernel has that kfunc: it exists only
in kernels built with ``CONFIG_BPF_LSM`` (this machine's 6.18, not the struct_ops test kernel), and it is compared
with ``"1"`` only there; the mirror covers the rest (docs/policies-library.md).
"""

from __future__ import annotations

import contextlib
import os
import select
import stat
import threading
from collections.abc import Callable
from typing import Any

OMIT_XATTR = "user.oomd_omit"
AVOID_XATTR = "user.oomd_avoid"

Emit = Callable[..., None]


#: systemd's parse_boolean() true values besides "1" (what it writes), in any (ASCII) case
_TRUE_WORDS = frozenset({b"y", b"t", b"on", b"yes", b"true"})


def is_true(value: str | bytes) -> bool:
    """systemd's boolean reading of an xattr value (``memcg.xattr_flag()`` in the kernel accepts only ``1``)."""
    raw = value.encode() if isinstance(value, str) else value
    return raw == b"1" or raw.lower() in _TRUE_WORDS


def preference_from(xattrs: dict[str, str]) -> str | None:
    """``"omit"``, ``"avoid"`` or None from a cgroup's xattrs by name (omit wins, as in systemd-oomd)."""
    if is_true(xattrs.get(OMIT_XATTR, "")):
        return "omit"
    if is_true(xattrs.get(AVOID_XATTR, "")):
        return "avoid"
    return None


def _flag(path: str, name: str) -> bool:
    try:
        value = os.getxattr(path, name, follow_symlinks=False)
    except OSError:
        return False  # ENODATA (not set), ENOENT (gone), EOPNOTSUPP
    return is_true(value)


def preference_of(path: str) -> str | None:
    """``"omit"``, ``"avoid"`` or None for the cgroup directory ``path``: omit wins; only root-owned cgroups
    count (as in systemd-oomd: an unprivileged owner of a delegated cgroup must not protect it)."""
    try:
        st = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != 0:
        return None
    if _flag(path, OMIT_XATTR):
        return "omit"
    if _flag(path, AVOID_XATTR):
        return "avoid"
    return None


def wants_mirror(spec: Any) -> bool:
    """Whether a compiled policy (its ObjectSpec) has what the mirror writes: a ``prefs`` HashMap keyed by u64
    with integer values, and the constants ``OMIT`` and ``AVOID``."""
    prefs = spec.maps.get("prefs")
    if prefs is None or not prefs.is_hash or prefs.int_key != (64, False) or prefs.int_value is None:
        return False
    return "OMIT" in spec.constants and "AVOID" in spec.constants


class XattrPrefs:
    """Mirror the preference xattrs of the cgroups at and below ``top`` into ``prefs`` (the policy's map).
    ``values``: the policy's numbers for ``"omit"`` and ``"avoid"``; ``configured``: the cgroup ids whose
    ``prefs`` entry the configuration file owns (left alone).  Thread-safe; a context manager (closing stops the
    watcher thread and closes its inotify fd)."""

    def __init__(
        self,
        top: str,
        prefs: Any,
        values: dict[str, int],
        emit: Emit,
        configured: Callable[[], set[int]] = set,
    ) -> None:
        self.top = top.rstrip("/") or "/"
        self._prefs = prefs
        self._values = values
        self._emit = emit
        self._configured = configured
        self._written: dict[int, tuple[int, str, str]] = {}  # cgroup id -> (value written, path, xattr)
        self._refused: set[int] = set()  # cgroups whose entry the map refused (warned once, retried each refresh)
        self._lock = threading.Lock()
        self._closed = False
        self._inotify = -1
        self._watched: set[str] = set()
        self._thread: threading.Thread | None = None
        self._wake_r, self._wake_w = -1, -1

    # ------------------------------------------------------------------ reading
    def scan(self) -> dict[int, tuple[str, str]]:
        """cgroup id -> (preference, path) for every cgroup of the subtree that carries one."""
        found: dict[int, tuple[str, str]] = {}
        for dirpath, _dirs, _files in os.walk(self.top):
            pref = preference_of(dirpath)
            if pref is not None:
                with contextlib.suppress(OSError):
                    found[os.stat(dirpath).st_ino] = (pref, dirpath)
            if self._inotify >= 0 and dirpath not in self._watched:
                self._watch(dirpath)
        return found

    def refresh(self) -> int:
        """Bring ``prefs`` in line with the xattrs now; returns how many entries changed.  Never raises for a map
        update the kernel refuses (a full map): that is a ``warning`` event, once per cgroup until its entry is
        stored or the cgroup (or its xattr) is gone, and the update is tried again at every refresh."""
        with self._lock:
            if self._closed:
                return 0
            found = self.scan()
            configured = self._configured()
            self._refused &= found.keys()
            changed = 0
            for cgid, (value, path, xattr) in list(self._written.items()):
                if cgid in found and cgid not in configured:
                    continue
                with contextlib.suppress(KeyError, OSError):
                    if cgid not in configured and self._prefs.get(cgid) == value:
                        del self._prefs[cgid]
                del self._written[cgid]
                changed += 1
                self._emit("preference", map="prefs", cgroup=path, cgroup_id=cgid, preference="none", xattr=xattr)
            for cgid, (pref, path) in found.items():
                value = self._values[pref]
                if cgid in configured or self._written.get(cgid, (None,))[0] == value:
                    continue
                try:
                    self._prefs[cgid] = value
                except (OSError, ValueError, KeyError) as exc:
                    if cgid not in self._refused:
                        self._refused.add(cgid)
                        self._emit("warning", message=f"map prefs: cannot store the preference of {path}: {exc}")
                    continue
                self._refused.discard(cgid)
                xattr = OMIT_XATTR if pref == "omit" else AVOID_XATTR
                self._written[cgid] = (value, path, xattr)
                changed += 1
                self._emit("preference", map="prefs", cgroup=path, cgroup_id=cgid, preference=pref, xattr=xattr)
            return changed

    def written(self) -> dict[int, int]:
        with self._lock:
            return {cgid: entry[0] for cgid, entry in self._written.items()}

    # ------------------------------------------------------------------ watching
    def _watch(self, path: str) -> None:
        from pyoombpf.runtime.process import IN_ATTRIB, IN_CREATE, IN_DELETE_SELF, inotify_watch

        if inotify_watch(self._inotify, path, IN_ATTRIB | IN_CREATE | IN_DELETE_SELF) >= 0:
            self._watched.add(path)

    def start(self) -> XattrPrefs:
        """Watch the subtree with inotify from a thread and re-read at every change.  Without inotify (the
        kernel refused an fd), the before-decision and once-a-second reads still keep the map current."""
        from pyoombpf.runtime.process import inotify_init

        try:
            self._inotify = inotify_init()
        except OSError as exc:
            self._emit("warning", message=f"xattr preferences: no inotify ({exc.strerror}); re-read once a second")
            return self
        self._wake_r, self._wake_w = os.pipe2(os.O_CLOEXEC | os.O_NONBLOCK)
        self.refresh()  # also adds the watches
        self._thread = threading.Thread(target=self._loop, name="pyoombpf-xattrs", daemon=True)
        self._thread.start()
        return self

    def _loop(self) -> None:
        poller = select.poll()
        poller.register(self._inotify, select.POLLIN)
        poller.register(self._wake_r, select.POLLIN)
        while not self._closed:
            events = dict(poller.poll(5000))
            if self._wake_r in events or self._closed:
                return
            if self._inotify in events:
                with contextlib.suppress(BlockingIOError, OSError):
                    while os.read(self._inotify, 65536):
                        pass
                with self._lock:
                    self._watched.clear()  # removed directories drop their watches; re-adding is idempotent
                self.refresh()

    def close(self) -> None:
        with self._lock:
            self._closed = True
        if self._wake_w >= 0:
            with contextlib.suppress(OSError):
                os.write(self._wake_w, b"x")
        if self._thread is not None:
            self._thread.join(timeout=5)
        for fd in (self._inotify, self._wake_r, self._wake_w):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._inotify = self._wake_r = self._wake_w = -1

    def __enter__(self) -> XattrPrefs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
