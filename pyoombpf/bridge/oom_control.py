"""``memory.oom_control`` (cgroup v1) as the relay and its watchdog read and write it, and giving a subtree back.

Standard library only, and light: the watchdog process imports it (see :mod:`pyoombpf.bridge.watchdog`).
"""

from __future__ import annotations

import os


def cgroup_id(path: str) -> int | None:
    """The id of the cgroup at ``path`` (its directory's inode number on cgroupfs), or None when there is none."""
    try:
        return os.stat(path).st_ino
    except OSError:
        return None


def read_disable(path: str) -> int | None:
    """``oom_kill_disable`` of the memcg at ``path`` (None when it is gone)."""
    try:
        with open(os.path.join(path, "memory.oom_control"), "rb") as f:
            return parse_oom_control(f.read()).oom_kill_disable
    except OSError:
        return None


def write_disable(path: str, value: int) -> bool:
    """Write ``oom_kill_disable`` of the memcg at ``path``; whether that worked."""
    try:
        with open(os.path.join(path, "memory.oom_control"), "w") as f:
            f.write("1" if value else "0")
    except OSError:
        return False
    return True


def restore_unknown(top: str, top_id: int, known: dict[int, int]) -> list[str]:
    """Give back ``oom_kill_disable=0`` to the memcgs below ``top`` that are not in ``known`` (``{id: original
    value}``, the memcgs someone watched) but inherited a 1 from us.

    v1 copies a parent's ``oom_kill_disable`` into a new child: a memcg created below a watched one after the
    relay last looked got the relay's 1.  What it would have had without us is its nearest known ancestor's
    original value.  Only ever writes 0; returns the paths written.  Nothing happens when ``top`` is no longer the
    memcg ``top_id`` (it was removed, and what is at its path now is not ours) or ``top_id`` is not known."""
    if top_id not in known or cgroup_id(top) != top_id:
        return []
    written = []
    should = {top: known[top_id]}
    for dirpath, dirnames, _files in os.walk(top):
        for name in dirnames:
            path = os.path.join(dirpath, name)
            cid = cgroup_id(path)
            if cid is None:
                continue
            if cid in known:
                should[path] = known[cid]
                continue
            should[path] = should.get(dirpath, 1)
            if should[path] == 0 and read_disable(path) == 1 and write_disable(path, 0):
                written.append(path)
    return written


class OomState:
    """The numbers of ``memory.oom_control`` the relay and the watchdog use (a plain class: ``typing.NamedTuple``
    would import ``typing`` into the watchdog)."""

    __slots__ = ("oom_kill_disable", "under_oom", "oom_kill")

    def __init__(self, oom_kill_disable: int, under_oom: int, oom_kill: int) -> None:
        self.oom_kill_disable, self.under_oom, self.oom_kill = oom_kill_disable, under_oom, oom_kill

    def __repr__(self) -> str:
        return f"OomState({self.oom_kill_disable}, {self.under_oom}, {self.oom_kill})"


def parse_oom_control(raw: bytes) -> OomState:
    values = dict(line.split() for line in raw.decode().splitlines() if line)
    return OomState(
        int(values.get("oom_kill_disable", 0)), int(values.get("under_oom", 0)), int(values.get("oom_kill", 0))
    )
