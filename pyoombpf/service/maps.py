"""Map contents keyed by cgroup *path* (``[maps.NAME]`` in the configuration), kept resolved to cgroup ids.

A policy's maps are keyed by cgroup id (``memcg.id``: the inode number of the cgroup's directory), which changes
when a cgroup is removed and created again, and which does not exist before the cgroup does.
:class:`CgroupMaps` owns the entries of the configuration: :meth:`CgroupMaps.refresh` stats each configured
path and, where the id changed, deletes the entry of the old id and writes the value under the new one.
``pyoombpf run`` calls it right before each policy run (bridge mode: ``BridgePolicy.before_decision``) and once a
second from a housekeeping thread, so a cgroup created after the start is covered before its first OOM is
decided.  Entries the configuration did not make are never touched, and an entry is written only when its
cgroup's id changed: what the policy itself stores in the map (``last_pgscan`` …) survives.
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
from collections.abc import Callable
from typing import Any

from pyoombpf.errors import PyoombpfError
from pyoombpf.service.config import BoundEntry, ConfigError

Emit = Callable[..., None]


def _cgroup_id(path: str) -> int | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino if stat.S_ISDIR(st.st_mode) else None


class CgroupMaps:
    """The configured entries of the policy's maps.  ``open_map(name)`` returns the policy's map (typed keys and
    values); ``emit(kind, **fields)`` reports ``resolved`` events and ``warning`` events (a map update the kernel
    refused).  Thread-safe: :meth:`refresh` may be called from the relay's thread and the housekeeping thread."""

    def __init__(
        self, entries: list[BoundEntry], root: str, open_map: Callable[[str], Any], emit: Emit, source: str
    ) -> None:
        self.root = root
        self._entries = entries
        self._paths = [self._absolute(e, source) for e in entries]
        self._maps = {name: open_map(name) for name in sorted({e.map for e in entries})}
        self._ids: list[int | None] = [None] * len(entries)
        self._emit = emit
        self._lock = threading.Lock()
        self._closed = False

    def _absolute(self, entry: BoundEntry, source: str) -> str:
        path = os.path.normpath(os.path.join(self.root, entry.cgroup))
        if os.path.commonpath([path, self.root]) != self.root:
            raise ConfigError(
                f"maps.{entry.map}: cgroup path {entry.cgroup!r} is not below the memory hierarchy at {self.root}",
                source,
                entry.line,
            )
        return path

    def __len__(self) -> int:
        return len(self._entries)

    def resolved(self) -> dict[str, int | None]:
        """Absolute path → the cgroup id its entries are stored under now (None: no such cgroup)."""
        with self._lock:
            return dict(zip(self._paths, self._ids, strict=True))

    def ids(self, map_name: str, unless: object = None) -> set[int]:
        """The cgroup ids the configured entries of ``map_name`` are stored under now (those whose value is
        ``unless`` left out)."""
        with self._lock:
            return {
                i
                for e, i in zip(self._entries, self._ids, strict=True)
                if e.map == map_name and i is not None and e.value != unless
            }

    def refresh(self) -> int:
        """Re-resolve every path; returns how many entries moved.  Never raises for a map the kernel refuses to
        update (full, removed): that is reported as a ``warning`` event and retried on the next refresh."""
        moved = 0
        with self._lock:
            if self._closed:
                return 0
            for i, (entry, path) in enumerate(zip(self._entries, self._paths, strict=True)):
                new, old = _cgroup_id(path), self._ids[i]
                if new == old:
                    continue
                try:
                    self._move(entry, old, new)
                except (PyoombpfError, OSError, ValueError) as exc:
                    self._emit("warning", message=f"map {entry.map}: cannot store the entry of {path}: {exc}")
                    continue
                self._ids[i] = new
                moved += 1
                self._emit("resolved", map=entry.map, cgroup=path, cgroup_id=new, previous_id=old)
        return moved

    def _move(self, entry: BoundEntry, old: int | None, new: int | None) -> None:
        bpf_map = self._maps[entry.map]
        if old is not None:
            with contextlib.suppress(KeyError):  # the policy removed it itself
                del bpf_map[old]
        if new is not None:
            bpf_map[new] = entry.value

    def close(self) -> None:
        """Stop touching the maps (the policy is about to be unloaded); waits for a refresh in progress."""
        with self._lock:
            self._closed = True
