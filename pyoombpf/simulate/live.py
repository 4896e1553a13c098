"""Snapshot the live machine into a :class:`Scenario`: "what would my policy kill right now?".

Read-only: this module only opens files for reading and lists directories; it never writes under /sys/fs/cgroup.
It reads the memory cgroup hierarchy (cgroup v1 ``memory.usage_in_bytes``/``memory.stat``/``memory.oom_control``
or cgroup v2 ``memory.current``/``memory.stat``/``memory.events``), the processes of each cgroup
(``cgroup.procs``) and, per process, ``/proc/<pid>/{comm,status,oom_score_adj}``.  Counters are converted to the
kernel's units (pages for page-state items, counts for events) under the kernel enum names.  Processes that exit
while being read are left out.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time

from pyoombpf.simulate.errors import ScenarioError
from pyoombpf.simulate.scenario import PAGE_SIZE, CgroupSpec, Scenario, TaskSpec, norm_path

V1_ROOT = "/sys/fs/cgroup/memory"
V2_ROOT = "/sys/fs/cgroup"

#: v1 memory.stat (hierarchical ``total_*`` keys) → (kernel counter, True if the file gives bytes)
V1_STATS = {
    "total_cache": ("NR_FILE_PAGES", True),
    "total_rss": ("NR_ANON_MAPPED", True),
    "total_shmem": ("NR_SHMEM", True),
    "total_mapped_file": ("NR_FILE_MAPPED", True),
    "total_dirty": ("NR_FILE_DIRTY", True),
    "total_writeback": ("NR_WRITEBACK", True),
    "total_swap": ("MEMCG_SWAP", True),
    "total_inactive_anon": ("NR_INACTIVE_ANON", True),
    "total_active_anon": ("NR_ACTIVE_ANON", True),
    "total_inactive_file": ("NR_INACTIVE_FILE", True),
    "total_active_file": ("NR_ACTIVE_FILE", True),
    "total_unevictable": ("NR_UNEVICTABLE", True),
    "total_pgfault": ("PGFAULT", False),
    "total_pgmajfault": ("PGMAJFAULT", False),
    "total_pgpgin": ("PGPGIN", False),
    "total_pgpgout": ("PGPGOUT", False),
}

#: v2 memory.stat → (kernel counter, bytes?)
V2_STATS = {
    "anon": ("NR_ANON_MAPPED", True),
    "file": ("NR_FILE_PAGES", True),
    "shmem": ("NR_SHMEM", True),
    "file_mapped": ("NR_FILE_MAPPED", True),
    "file_dirty": ("NR_FILE_DIRTY", True),
    "file_writeback": ("NR_WRITEBACK", True),
    "inactive_anon": ("NR_INACTIVE_ANON", True),
    "active_anon": ("NR_ACTIVE_ANON", True),
    "inactive_file": ("NR_INACTIVE_FILE", True),
    "active_file": ("NR_ACTIVE_FILE", True),
    "unevictable": ("NR_UNEVICTABLE", True),
    "pgfault": ("PGFAULT", False),
    "pgmajfault": ("PGMAJFAULT", False),
    "pgscan_kswapd": ("PGSCAN_KSWAPD", False),
    "pgscan_direct": ("PGSCAN_DIRECT", False),
    "pgscan_khugepaged": ("PGSCAN_KHUGEPAGED", False),
    "pgscan_proactive": ("PGSCAN_PROACTIVE", False),
    "pgsteal_kswapd": ("PGSTEAL_KSWAPD", False),
    "pgsteal_direct": ("PGSTEAL_DIRECT", False),
    "pgsteal_khugepaged": ("PGSTEAL_KHUGEPAGED", False),
    "pgsteal_proactive": ("PGSTEAL_PROACTIVE", False),
}

#: v2 memory.events → memcg_memory_event
V2_EVENTS = {
    "low": "MEMCG_LOW",
    "high": "MEMCG_HIGH",
    "max": "MEMCG_MAX",
    "oom": "MEMCG_OOM",
    "oom_kill": "MEMCG_OOM_KILL",
    "oom_group_kill": "MEMCG_OOM_GROUP_KILL",
}


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    except OSError as exc:  # a cgroup removed between the open and the read of its file
        if exc.errno == errno.ENODEV:
            return None
        raise


def _kv(text: str | None) -> dict[str, int]:
    out: dict[str, int] = {}
    for line in (text or "").splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1].lstrip("-").isdigit():
            out[parts[0]] = int(parts[1])
    return out


def _int(text: str | None) -> int | None:
    if text is None or text.strip() in ("", "max"):
        return None
    return int(text.split()[0])


def detect_root() -> str:
    """The memory hierarchy of this machine: v1 ``/sys/fs/cgroup/memory`` or the v2 root."""
    if os.path.exists(os.path.join(V1_ROOT, "memory.usage_in_bytes")):
        return V1_ROOT
    if os.path.exists(os.path.join(V2_ROOT, "cgroup.controllers")):
        return V2_ROOT
    raise ScenarioError("no memory cgroup hierarchy found (neither cgroup v1 memory nor cgroup v2 is mounted)")


def snapshot(cgroup: str = "/", *, root: str | None = None, proc: str = "/proc") -> Scenario:
    """A scenario of the live cgroup ``cgroup`` (a path relative to the memory hierarchy, or an absolute path
    under it) and everything below it, OOMing at ``cgroup``.  Its ancestors are included with their own counters
    (but not their other children or processes), so a policy attached higher up sees the real chain."""
    base = root or detect_root()
    rel = cgroup
    if os.path.isabs(cgroup) and (cgroup + "/").startswith(base.rstrip("/") + "/"):
        rel = cgroup[len(base.rstrip("/")) :]
    rel = norm_path(rel)
    top = os.path.join(base, rel) if rel else base  # (not base + "/": the walk below compares paths with base)
    if not os.path.isdir(top):
        raise ScenarioError(f"no cgroup {top}: give a path relative to {base}, or an absolute path under it")
    v1 = os.path.exists(os.path.join(top, "memory.usage_in_bytes"))
    if not v1 and not os.path.exists(os.path.join(top, "memory.current")) and rel:
        raise ScenarioError(f"{top} has no memory controller files (memory.current / memory.usage_in_bytes)")
    sc = Scenario(source=f"live:{top}", oom_cgroup=rel, attach="")
    parts = rel.split("/") if rel else []
    for i in range(len(parts)):  # ancestors, root first
        anc = "/".join(parts[:i])
        sc.cgroups[anc] = _cgroup(base, anc, v1, proc, with_tasks=False)
    for dirpath, dirnames, _files in os.walk(top):
        dirnames.sort(key=lambda name: _creation_key(dirpath, name))  # the kernel walks children in this order
        path = norm_path(os.path.relpath(dirpath, base)) if dirpath != base else ""
        try:
            sc.cgroups[path] = _cgroup(base, path, v1, proc, with_tasks=True)
        except FileNotFoundError:  # removed while we looked (a busy machine): it and its subtree are gone
            dirnames.clear()
    top_spec = sc.cgroups.get(rel)
    if top_spec is None:
        raise ScenarioError(f"{top} was removed while it was being read")
    if top_spec.limit is not None:
        sc.totalpages = top_spec.limit // PAGE_SIZE
    sc.now = snapshot_clock()
    return sc


def snapshot_clock() -> int:
    """``now_ns()`` of a live snapshot: the time it was taken (after every task was read, so no task is younger
    than 0), on the clock of the task start times read from /proc (the boot clock, see :func:`_start_time`;
    the kernel's ``now_ns()`` is CLOCK_MONOTONIC: the same unless the machine was suspended)."""
    return time.clock_gettime_ns(time.CLOCK_BOOTTIME)


def _creation_key(parent: str, name: str) -> tuple[int, str]:
    """Sort key putting sibling cgroups in creation order, the order the kernel's css walk visits them
    (``css_next_child`` follows the parent's children list, appended at mkdir): cgroup ids (the directories'
    inode numbers) are handed out in increasing order.  Names only break ties (a directory removed meanwhile)."""
    try:
        return os.stat(os.path.join(parent, name)).st_ino, name
    except OSError:
        return 0, name


def _cgroup(base: str, path: str, v1: bool, proc: str, with_tasks: bool) -> CgroupSpec:
    d = os.path.join(base, path)
    spec = CgroupSpec(path, id=os.stat(d).st_ino)
    if v1:
        spec.usage = _int(_read(os.path.join(d, "memory.usage_in_bytes")))
        limit = _int(_read(os.path.join(d, "memory.limit_in_bytes")))
        spec.limit = limit if limit is not None and limit < (1 << 62) else None
        stats = _kv(_read(os.path.join(d, "memory.stat")))
        spec.stats = _convert(stats, V1_STATS)
        oom = _kv(_read(os.path.join(d, "memory.oom_control")))
        if "oom_kill" in oom:
            spec.stats["MEMCG_OOM_KILL"] = oom["oom_kill"]
    else:
        spec.usage = _int(_read(os.path.join(d, "memory.current")))
        spec.limit = _int(_read(os.path.join(d, "memory.max")))
        spec.stats = _convert(_kv(_read(os.path.join(d, "memory.stat"))), V2_STATS)
        for k, v in _kv(_read(os.path.join(d, "memory.events"))).items():
            if k in V2_EVENTS:
                spec.stats[V2_EVENTS[k]] = v
        swap = _int(_read(os.path.join(d, "memory.swap.current")))
        if swap is not None:
            spec.stats["MEMCG_SWAP"] = swap
        spec.oom_group = (_read(os.path.join(d, "memory.oom.group")) or "0").strip() == "1"
    spec.xattrs = _xattrs(d)
    with contextlib.suppress(OSError):
        spec.owner_uid = os.stat(d).st_uid
    if spec.usage is None and path == "":
        spec.usage = None  # the root of a v2 hierarchy has no memory.current: derived from its children
    if with_tasks:
        spec.tasks = _tasks(d, proc, v1)
    if not os.path.isdir(d):  # removed while we read it: what we read may be partly missing
        raise FileNotFoundError(d)
    return spec


def _convert(stats: dict[str, int], table: dict[str, tuple[str, bool]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for key, (name, _in_bytes) in table.items():
        if key in stats:
            out[name] = stats[key]  # page_state counters are bytes, as the kernel reports them
    return out


def _xattrs(d: str) -> dict[str, str]:
    out: dict[str, str] = {}
    try:
        names = os.listxattr(d)
    except OSError:
        return out
    for n in names:
        if n.startswith("user."):
            try:
                out[n] = os.getxattr(d, n).decode(errors="replace")
            except OSError:
                continue
    return out


def _tasks(d: str, proc: str, v1: bool) -> list[TaskSpec]:
    """The tasks in the order memcg.tasks() walks them, as far as the files tell.  cgroup v2 prints cgroup.procs
    in the order the kernel's task iterator walks.  cgroup v1 prints it sorted by pid, while the kernel walks in
    join order, which a v1 snapshot cannot know: a task that joined when it was made joined in the order the tasks
    started, so v1 tasks are ordered by start time (pids are not: they wrap around at pid_max), then by pid within
    one clock tick.  A process moved into the cgroup later is where the approximation fails."""
    pids = dict.fromkeys(int(p) for p in (_read(os.path.join(d, "cgroup.procs")) or "").split() if p.isdigit())
    out = []
    for pid in pids:
        t = _task(pid, proc)
        if t is not None:
            out.append(t)
    if v1:
        out.sort(key=lambda t: (t.start_time, t.pid))
    return out


def _start_time(stat: str | None) -> int:
    """``task->start_time`` from ``/proc/PID/stat`` field 22 (clock ticks since boot; the kernel's is in ns, on the
    boot clock there, monotonic in the task: the order of tasks is the same, the resolution a tick)."""
    fields = (stat or "").rpartition(")")[2].split()  # after the comm, which may hold spaces and parentheses
    return int(fields[19]) * 1_000_000_000 // os.sysconf("SC_CLK_TCK") if len(fields) > 19 else 0


def _task(pid: int, proc: str) -> TaskSpec | None:
    base = os.path.join(proc, str(pid))
    status_text = _read(os.path.join(base, "status"))
    comm = _read(os.path.join(base, "comm"))
    adj = _read(os.path.join(base, "oom_score_adj"))
    if status_text is None or comm is None or adj is None:
        return None  # exited while we looked
    status = {}
    for line in status_text.splitlines():
        k, _, v = line.partition(":")
        status[k] = v.split()
    state = (status.get("State") or ["?"])[0]
    return TaskSpec(
        start_time=_start_time(_read(os.path.join(base, "stat"))),
        pid=pid,
        comm=comm.rstrip("\n")[:15],
        rss=int((status.get("VmRSS") or ["0"])[0]) * 1024,
        swap=int((status.get("VmSwap") or ["0"])[0]) * 1024,
        oom_score_adj=int(adj.strip() or 0),
        tgid=int((status.get("Tgid") or [str(pid)])[0]),
        exiting=state in ("Z", "X"),
    )
