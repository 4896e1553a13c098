"""The kernel model simulate mode runs policies against: the ``pyexec`` OOM model, plus a decision trace.

:class:`SimMemcg`, :class:`SimTask` and :class:`SimOomControl` subclass the models of
:mod:`pyoombpf.pyexec.oommodel` (same API) and report every value the policy reads, every object a walk yields and
every kill to a :class:`Tracer`.  Nothing here changes how a policy runs: the compiled Python calls the same
attributes and methods it calls on the plain models.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pyoombpf.pyexec.oommodel import Kill, MemcgModel, OomControlModel, TaskModel
from pyoombpf.pyexec.rules import KernelModel, ModelError

OOM_SCORE_ADJ_MIN = -1000


def jsonable(v: Any) -> Any:
    """``v`` as JSON-able data (records become dicts of their fields)."""
    if isinstance(v, dict):
        return {str(k): jsonable(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [jsonable(x) for x in v]
    slots = getattr(type(v), "__slots__", None)
    if slots and hasattr(v, "pack"):  # a @record value
        return {k: jsonable(getattr(v, k)) for k in slots}
    if hasattr(v, "__dataclass_fields__"):
        return {k: jsonable(getattr(v, k)) for k in v.__dataclass_fields__}
    if isinstance(v, int | str | bool | float) or v is None:
        return v
    return {k: jsonable(x) for k, x in vars(v).items()} if hasattr(v, "__dict__") else repr(v)


@dataclass
class Read:
    """One value the policy read: ``attr`` is ``usage``, ``is_leaf``, a counter name, ``task 101 oom_score_adj``."""

    attr: str
    value: Any
    #: the scenario did not give this counter; it read as 0 (the value of a counter nothing ever counted)
    defaulted: bool = False

    def __str__(self) -> str:
        mark = " (not in scenario)" if self.defaulted else ""
        return f"{self.attr}={self.value}{mark}"


@dataclass
class Candidate:
    """A cgroup or task the policy considered, what it read of it, and what became of it."""

    kind: str  # "cgroup" | "task"
    cgroup: str  # the cgroup path ("/a/b"); for a task, its cgroup
    pid: int | None = None
    comm: str | None = None
    visits: int = 0
    reads: list[Read] = field(default_factory=list)
    outcome: str = "skipped"  # "chosen" | "skipped" | "refused"
    why: str = ""

    @property
    def key(self) -> str:
        return self.cgroup if self.kind == "cgroup" else f"{self.pid}"

    def value(self, attr: str) -> Any:
        """The last value read for ``attr`` (KeyError if the policy never read it)."""
        for r in reversed(self.reads):
            if r.attr == attr:
                return r.value
        raise KeyError(f"the policy did not read {attr!r} of {self.kind} {self.key}")

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "cgroup": self.cgroup}
        if self.kind == "task":
            out.update(pid=self.pid, comm=self.comm)
        out.update(
            visits=self.visits,
            reads=[{"attr": r.attr, "value": jsonable(r.value), "defaulted": r.defaulted} for r in self.reads],
            outcome=self.outcome,
            why=self.why,
        )
        return out


class Tracer:
    """Collects candidates in the order the policy first touched them."""

    def __init__(self) -> None:
        self.active = False
        self._by_obj: dict[int, Candidate] = {}
        self.order: list[Candidate] = []

    def entry(self, obj: SimMemcg | SimTask) -> Candidate:
        c = self._by_obj.get(id(obj))
        if c is None:
            if isinstance(obj, SimMemcg):
                c = Candidate("cgroup", obj.name)
            else:
                comm = obj.comm.rstrip(b"\0").decode(errors="replace")
                c = Candidate("task", obj.memcg.name if obj.memcg else "", obj.pid, comm)
            self._by_obj[id(obj)] = c
            self.order.append(c)
        return c

    def read(self, obj: SimMemcg | SimTask, attr: str, value: Any, defaulted: bool = False) -> None:
        if self.active:
            self.entry(obj).reads.append(Read(attr, value, defaulted))
            # a task's values explain its cgroup's fate
            if isinstance(obj, SimTask) and isinstance(obj.memcg, SimMemcg):
                self.entry(obj.memcg).reads.append(Read(f"task {obj.pid} {attr}", value, defaulted))

    def visit(self, obj: SimMemcg | SimTask) -> None:
        if self.active:
            self.entry(obj).visits += 1

    def outcome(self, obj: SimMemcg | SimTask, outcome: str, why: str) -> None:
        c = self.entry(obj)
        if c.outcome != "chosen":  # chosen wins over a later refusal of one of its tasks
            c.outcome, c.why = outcome, why


class SimTask(TaskModel):
    """A task whose reads are traced.  ``exiting``: the task is already on its way out (the kernel refuses to
    kill it with -EINVAL); ``rss``/``swap`` are the scenario's sizes in bytes (shown in reports)."""

    def __init__(
        self,
        pid: int,
        comm: bytes = b"task",
        oom_score_adj: int = 0,
        tgid: int = 0,
        is_oom_victim: bool = False,
        *,
        tracer: Tracer,
        rss: int = 0,
        swap: int = 0,
        exiting: bool = False,
        oom_skip: bool = False,
    ) -> None:
        self._tracer = tracer
        super().__init__(pid, comm, oom_score_adj, tgid, is_oom_victim)
        self.rss = rss
        self.swap = swap
        self.exiting = exiting
        self.oom_skip = oom_skip

    def _get(self, attr: str) -> Any:
        value = self.__dict__["_" + attr]
        self._tracer.read(self, attr, value)
        return value

    oom_score_adj = property(
        lambda self: self._get("oom_score_adj"),
        lambda self, v: self.__dict__.__setitem__("_oom_score_adj", v),
    )
    is_oom_victim = property(
        lambda self: self._get("is_oom_victim"),
        lambda self, v: self.__dict__.__setitem__("_is_oom_victim", v),
    )
    rss = property(lambda self: self._get("rss"), lambda self, v: self.__dict__.__setitem__("_rss", v))
    swap = property(lambda self: self._get("swap"), lambda self, v: self.__dict__.__setitem__("_swap", v))

    @property
    def comm_text(self) -> str:
        return self.comm.rstrip(b"\0").decode(errors="replace")


class SimMemcg(MemcgModel):
    """A memory cgroup whose reads are traced.  All counters live in one ``stats`` dict keyed by kernel enum
    name, so ``page_state``/``vm_events``/``memory_events`` (whichever ``stat(NAME)`` compiled to) find them."""

    def __init__(
        self,
        id: int,  # noqa: A002 - the kernel's name
        name: str,
        usage: int,
        *,
        tracer: Tracer,
        stats: dict[str, int] | None = None,
        oom_group: bool = False,
        limit: int | None = None,
        xattrs: dict[str, str] | None = None,
        strict: bool = False,
    ) -> None:
        self._tracer = tracer
        super().__init__(id, name, usage, oom_group=oom_group)
        self.stats: dict[str, int] = dict(stats or {})
        self.limit = limit
        self.xattrs = dict(xattrs or {})
        self.strict = strict

    def _get(self, attr: str) -> Any:
        value = self.__dict__["_" + attr]
        self._tracer.read(self, attr, value)
        return value

    usage = property(lambda self: self._get("usage"), lambda self, v: self.__dict__.__setitem__("_usage", v))
    oom_group = property(
        lambda self: self._get("oom_group"), lambda self, v: self.__dict__.__setitem__("_oom_group", v)
    )

    @property
    def is_leaf(self) -> bool:
        value = not self.children
        self._tracer.read(self, "is_leaf", value)
        return value

    def name_is(self, text: str) -> bool:
        self._tracer.read(self, "name", self.kernfs_name)
        return self.kernfs_name == text

    def name_startswith(self, text: str) -> bool:
        self._tracer.read(self, "name", self.kernfs_name)
        return self.kernfs_name.startswith(text)

    def _stat(self, name: str) -> int:
        if name in self.stats:
            value = self.stats[name]
            self._tracer.read(self, name, value)
            return value
        if self.strict:
            raise ModelError(
                f"the policy reads {name} of cgroup {self.name}, which the scenario does not give "
                "(strict mode: add it to the cgroup's stats table)"
            )
        self._tracer.read(self, name, 0, defaulted=True)
        return 0

    def page_state(self, name: str) -> int:
        return self._stat(name)

    def memory_events(self, name: str) -> int:
        return self._stat(name)

    def vm_events(self, name: str) -> int:
        return self._stat(name)

    def descendants(self, post_order: bool = True) -> Iterator[MemcgModel]:
        for m in self._walk(post_order):
            self._tracer.visit(m)
            yield m

    def _walk(self, post_order: bool) -> Iterator[SimMemcg]:
        """The kernel's css walk (this cgroup and all below, pre- or post-order), without recursion."""
        if not post_order:
            stack: list[SimMemcg] = [self]
            while stack:
                m = stack.pop()
                yield m
                stack.extend(reversed(m.children))  # type: ignore[arg-type]
            return
        work: list[tuple[SimMemcg, bool]] = [(self, False)]
        while work:
            m, expanded = work.pop()
            if expanded:
                yield m
                continue
            work.append((m, True))
            work.extend((c, False) for c in reversed(m.children))  # type: ignore[misc]

    def tasks(self) -> Iterator[TaskModel]:
        for t in self.tasks_:
            self._tracer.visit(t)  # type: ignore[arg-type]
            yield t

    def subtree_tasks(self) -> Iterator[SimTask]:
        for m in self._walk(True):
            yield from m.tasks_  # type: ignore[misc]


class SimOomControl(OomControlModel):
    """``oc``: kills follow ``bpf_oom_kill_process`` — an unkillable task (-1000) is refused (-EINVAL); a dying or
    exiting one is not killed again (and, unlike upstream v3, not counted as freed); a kill honours
    ``memory.oom.group`` (the highest oom.group cgroup inside the OOM scope is killed whole).  ``totalpages``
    unknown to the scenario is a ModelError when read."""

    def __init__(
        self,
        memcg: SimMemcg,
        attach_cgroup_id: int,
        order: int,
        gfp_mask: int,
        totalpages: int | None,
        tracer: Tracer,
    ) -> None:
        self._tracer = tracer
        self._totalpages = totalpages
        super().__init__(memcg, attach_cgroup_id, order, gfp_mask, 0)
        self.refusals: list[tuple[int, str]] = []

    @property
    def totalpages(self) -> int:
        if self._totalpages is None:
            raise ModelError(
                "the policy reads oc.totalpages, which the scenario does not give: set [oom] totalpages, "
                "or a limit on the OOM cgroup"
            )
        return self._totalpages

    @totalpages.setter
    def totalpages(self, value: int) -> None:
        pass  # the base class initialises it; the scenario's value is kept in _totalpages

    @property
    def victim_exiting(self) -> bool:
        """As the base model, without tracing the walk (it is the kernel's, not the policy's)."""
        if self.order == -1:
            return False
        assert isinstance(self.memcg, SimMemcg)
        return any(t.__dict__["_is_oom_victim"] and not t.oom_skip for m in self.memcg._walk(False) for t in m.tasks_)

    def kill(self, task: TaskModel, reason: str) -> int:
        if _is_null(task):
            return 0  # bpf_oom_kill_process(NULL): the kernel refuses; nothing is killed
        assert isinstance(task, SimTask)
        refused = self._refusal(task)
        if refused:
            self.refusals.append((task.pid, refused))
            self._tracer.outcome(task, "refused", refused)
            return 0
        self._kill_one(task, reason)
        group = self._oom_group_of(task)
        if group is not None:
            for other in group.subtree_tasks():
                if other is not task and not self._refusal(other):
                    self._kill_one(other, f"{reason} (memory.oom.group of {group.name})")
        return 1

    def kill_memcg(self, memcg: MemcgModel, reason: str) -> int:
        if _is_null(memcg):
            return 0
        assert isinstance(memcg, SimMemcg)
        killed = 0
        for t in list(memcg.tasks_):
            assert isinstance(t, SimTask)
            if not t.__dict__["_is_oom_victim"] and self.kill(t, reason):
                killed = 1
        if killed:
            entry = self._tracer.entry(memcg)
            entry.outcome, entry.why = "chosen", f"kill_memcg: {reason}"
        else:
            self._tracer.outcome(memcg, "refused", "kill_memcg killed nothing (no killable task)")
        return killed

    @staticmethod
    def _refusal(task: SimTask) -> str:
        if task.__dict__["_is_oom_victim"]:
            return "already an OOM victim (not killed again)"
        if task.exiting:
            return "exiting (not killed again)"
        if task.__dict__["_oom_score_adj"] == OOM_SCORE_ADJ_MIN:
            return "oom_score_adj -1000: unkillable (-EINVAL)"
        return ""

    def _kill_one(self, task: SimTask, reason: str) -> None:
        task.__dict__["_is_oom_victim"] = True
        self.kills.append(Kill(task.pid, task.comm_text, task.memcg.name if task.memcg else "", reason))
        self._tracer.outcome(task, "chosen", f"killed: {reason}")
        if task.memcg is not None:
            self._tracer.outcome(task.memcg, "chosen", f"a task was killed: {reason}")  # type: ignore[arg-type]

    def _oom_group_of(self, task: SimTask) -> SimMemcg | None:
        """The kernel's mem_cgroup_get_oom_group: the highest ancestor (up to the OOM scope) with oom.group."""
        found = None
        m = task.memcg
        while m is not None:
            if m.__dict__["_oom_group"]:
                found = m
            if m is self.memcg:
                break
            m = m.parent
        return found  # type: ignore[return-value]


def _is_null(obj: object) -> bool:
    """A NULL kernel pointer.  The Python execution currently spells ``best: MemCgroup = None`` as ``0`` (so
    ``best is None`` is False there); a 0 reaching a kill is the kernel's NULL and kills nothing."""
    return obj is None or (isinstance(obj, int) and obj == 0)


class TracedDict(dict[Any, Any]):
    """A hash map's contents: a lookup keyed by a cgroup id is recorded in that cgroup's trace entry."""

    def __init__(self, data: dict[Any, Any], name: str, tracer: Tracer, by_id: dict[int, SimMemcg]) -> None:
        super().__init__(data)
        self._name, self._tracer, self._by_id = name, tracer, by_id

    def get(self, key: Any, default: Any = None) -> Any:
        value = super().get(key, default)
        m = self._by_id.get(key) if isinstance(key, int) else None
        if m is not None and self._tracer.active:
            shown = value if key in self else f"{value} (no entry)"
            self._tracer.entry(m).reads.append(Read(f"{self._name}[id]", shown))
        return value


class SimKernel(KernelModel):
    """kfuncs a policy may call directly, answered from the scenario (others are a ModelError)."""

    def __init__(self, root: SimMemcg) -> None:
        self.root = root
        self._pids: dict[int, SimTask] | None = None

    def _tasks(self) -> dict[int, SimTask]:
        if self._pids is None:
            self._pids = {t.pid: t for t in self.root.subtree_tasks()}
        return self._pids

    def bpf_task_from_pid(self, pid: int) -> SimTask | None:
        return self._tasks().get(pid)

    def bpf_task_release(self, task: Any) -> None:
        return None

    def bpf_task_is_oom_victim(self, task: SimTask) -> bool:
        return bool(task.is_oom_victim)

    def bpf_get_root_mem_cgroup(self) -> SimMemcg:
        return self.root

    def bpf_put_mem_cgroup(self, memcg: Any) -> None:
        return None

    def bpf_mem_cgroup_usage(self, memcg: SimMemcg) -> int:
        return int(memcg.usage)
