"""A model of the kernel objects an OOM policy sees, for running policies as Python.

This is the minimal model the Python execution needs (simulate mode builds scenarios on top of it): memory
cgroups with usage, page state and events, their tasks, and an ``OomControl`` that records kills instead of
sending signals.  Kills follow the kernel's rules: a task already dying is not killed again, and only a real kill
makes a verdict "handled".  The classes implement the Protocols of :mod:`pyoombpf.pyexec.model` (the members the
built-ins' descriptors name).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(eq=False)
class TaskModel:
    pid: int
    comm: bytes = b"task"
    oom_score_adj: int = 0
    tgid: int = 0
    is_oom_victim: bool = False
    memcg: MemcgModel | None = field(default=None, repr=False)
    rss: int = 0  # bytes resident (file + anon + shmem pages), as task.rss reads it
    swap: int = 0  # bytes swapped out
    #: MMF_OOM_SKIP: the OOM reaper is done with this victim's memory, so the kernel no longer waits for it
    oom_skip: bool = False
    #: ``task->start_time``: nanoseconds since boot (CLOCK_MONOTONIC) when the task started
    start_time: int = 0

    def __post_init__(self) -> None:
        self.tgid = self.tgid or self.pid
        self.comm = self.comm[:15].ljust(16, b"\0")

    def comm_is(self, text: str) -> bool:
        return comm_text(self.comm) == text.encode()

    def comm_startswith(self, text: str) -> bool:
        return comm_text(self.comm).startswith(text.encode())


def comm_text(comm: bytes) -> bytes:
    """A task's name as the kernel compares it: ``task->comm`` (16 bytes, NUL-padded) up to its first NUL."""
    return bytes(comm).split(b"\0", 1)[0]


@dataclass(eq=False)
class MemcgModel:
    id: int
    name: str = ""
    usage: int = 0
    page_states: dict[str, int] = field(default_factory=dict)
    memory_events_: dict[str, int] = field(default_factory=dict)
    vm_events_: dict[str, int] = field(default_factory=dict)
    children: list[MemcgModel] = field(default_factory=list)
    tasks_: list[TaskModel] = field(default_factory=list)
    oom_group: bool = False  # the BTF member struct mem_cgroup.oom_group (memory.oom.group)
    parent: MemcgModel | None = field(default=None, repr=False)
    #: the cgroup directory's extended attributes (name -> value) and its owner
    xattrs: dict[str, str] = field(default_factory=dict)
    owner_uid: int = 0
    #: bytes of its own page cache that reclaim can free (oc.reclaim); usage includes them
    reclaimable: int = 0

    def add(self, child: MemcgModel) -> MemcgModel:
        child.parent = self
        self.children.append(child)
        return child

    def add_task(self, task: TaskModel) -> TaskModel:
        task.memcg = self
        self.tasks_.append(task)
        return task

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def swap_usage(self) -> int:
        """Bytes of swap charged to the memcg and below: the kernel's MEMCG_SWAP counter."""
        return self.page_state("MEMCG_SWAP")

    @property
    def kernfs_name(self) -> str:
        """The cgroup's own directory name (the kernel's ``kn->name``; ``""`` for the root)."""
        return self.name.rstrip("/").rpartition("/")[2]

    def name_is(self, text: str) -> bool:
        return self.kernfs_name == text

    def name_startswith(self, text: str) -> bool:
        return self.kernfs_name.startswith(text)

    def xattr_flag(self, name: str) -> bool:
        """As the kernel reads it: the cgroup belongs to root and the xattr's value is exactly ``1``."""
        return self.owner_uid == 0 and self.xattrs.get(name) == "1"

    def page_state(self, name: str) -> int:
        return self.page_states.get(name, 0)

    def memory_events(self, name: str) -> int:
        return self.memory_events_.get(name, 0)

    def vm_events(self, name: str) -> int:
        return self.vm_events_.get(name, 0)

    def descendants(self, post_order: bool = True) -> Iterator[MemcgModel]:
        """The kernel's css walk: this cgroup and everything below it, pre- or post-order."""
        if not post_order:
            yield self
        for c in self.children:
            yield from c.descendants(post_order)
        if post_order:
            yield self

    def tasks(self) -> Iterator[TaskModel]:
        yield from self.tasks_


@dataclass
class Kill:
    pid: int
    comm: str
    memcg: str
    reason: str


@dataclass
class Release:
    """A release action the policy took: ``kind`` reclaim/drop_files/freeze, on ``target`` (a cgroup's name or
    a tag), ``asked`` bytes (0: as much as needed), ``freed`` bytes."""

    kind: str
    target: str
    asked: int
    freed: int
    detail: str = ""


def _uncharge(memcg: MemcgModel | None, nbytes: int) -> None:
    """Memory freed in ``memcg`` leaves its usage and its ancestors' (charges are hierarchical)."""
    while memcg is not None:
        memcg.usage = max(0, memcg.usage - nbytes)
        memcg = memcg.parent


@dataclass(eq=False)
class OomControlModel:
    memcg: MemcgModel
    attach_cgroup_id: int = 0
    order: int = 0
    gfp_mask: int = 0
    totalpages: int = 0
    kills: list[Kill] = field(default_factory=list)
    #: bytes earlier runs' release actions freed for this OOM (bridge mode's re-runs; 0 on the first run)
    released: int = 0
    #: bytes of disposable files under each [release.<tag>] (what oc.drop_files(tag) can delete)
    disposable: dict[str, int] = field(default_factory=dict)
    #: which cgroup the disposable files of a tag are charged to (their deletion uncharges it); default oc.memcg
    disposable_memcg: dict[str, MemcgModel] = field(default_factory=dict)
    releases: list[Release] = field(default_factory=list)

    @property
    def victim_exiting(self) -> bool:
        """An OOM victim of the scope whose memory is not reaped yet (the kernel waits for it instead of killing
        again); a sysrq OOM (order -1) never waits.  (The kernel's own walk, not the policy's: simulate does not
        trace it.)"""
        if self.order == -1:
            return False
        return any(t.is_oom_victim and not t.oom_skip for m in self.memcg.descendants(False) for t in m.tasks())

    def kill(self, task: TaskModel, reason: str) -> int:
        if task.is_oom_victim or task.oom_score_adj == -1000:
            return 0  # refused: already dying, or unkillable (oom_score_adj -1000: -EINVAL)
        task.is_oom_victim = True
        name = task.comm.rstrip(b"\0").decode(errors="replace")
        self.kills.append(Kill(task.pid, name, task.memcg.name if task.memcg else "", reason))
        return 1

    def kill_memcg(self, memcg: MemcgModel, reason: str) -> int:
        killed = 0
        for t in memcg.tasks():
            if not t.is_oom_victim and self.kill(t, reason):
                killed = 1
        return killed

    # release actions: "handled" only when at least what was asked (and something) was freed, as for kills

    def reclaim(self, memcg: MemcgModel, nbytes: int) -> int:
        """Reclaim from ``memcg`` and below: what page cache they hold, at most ``nbytes``."""
        if memcg is None or isinstance(memcg, int):
            return 0  # a NULL cgroup (the Python execution spells None as 0): nothing to reclaim
        want = nbytes
        freed = 0
        for m in memcg.descendants():
            take = min(m.reclaimable, want - freed)
            m.reclaimable -= take
            _uncharge(m, take)
            freed += take
        self.releases.append(Release("reclaim", memcg.name, nbytes, freed))
        return int(freed > 0 and freed >= nbytes)

    def drop_files(self, tag: str, nbytes: int) -> int:
        """Delete the tag's disposable files: all of them, or (``nbytes``) at least that much when there is."""
        have = self.disposable.get(tag, 0)
        freed = have if nbytes == 0 else min(have, nbytes)
        self.disposable[tag] = have - freed
        _uncharge(self.disposable_memcg.get(tag) or self.memcg, freed)
        self.releases.append(Release("drop_files", tag, nbytes, freed))
        return int(freed > 0 and freed >= nbytes)

    def freeze(self, memcg: MemcgModel, seconds: int, then: str) -> int:
        """Freezing frees nothing by itself: PASS, so the policy goes on (the relay thaws or kills it later)."""
        if memcg is None or isinstance(memcg, int):
            return 0
        self.releases.append(Release("freeze", memcg.name, 0, 0, f"{seconds} s, then {then}"))
        return 0
