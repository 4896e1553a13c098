"""The kernel model simulate mode runs policies against: the ``pyexec`` OOM model, plus a decision trace.

:class:`SimMemcg`, :class:`SimTask` and :class:`SimOomControl` extend the models of :mod:`pyoombpf.pyexec.oommodel`
with what scenarios add (counters by name, exiting tasks, the kernel's kill refusals and ``memory.oom.group``).
The policy reads them through tracing proxies (:mod:`pyoombpf.simulate.trace`, one per object, generated from the
built-ins' descriptors) that report every value read and every object a walk yields to a :class:`Tracer`; kills
report their outcome.  Nothing here changes how a policy runs: the compiled Python calls the same attributes and
methods it calls on the plain models.
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
class Decision:
    """The last ``if`` a walk's iteration evaluated for a candidate, and how the iteration ended."""

    file: str
    line: int
    taken: bool
    continued: bool = False


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
    #: where the policy last decided about it in the walk that yielded it: the last ``if`` evaluated in that
    #: iteration ((file, line), its value) and whether the iteration ended with ``continue``
    decision: Decision | None = None

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


class _Walk:
    """One running ``descendants()``/``tasks()`` loop: its current item and what the policy decided about it."""

    __slots__ = ("item", "last_if", "continued")

    def __init__(self) -> None:
        self.item: MemcgModel | TaskModel | None = None
        self.last_if: tuple[tuple[str, int], bool] | None = None
        self.continued = False


class Tracer:
    """Collects candidates in the order the policy first touched them, and where each walk passed over them.
    The policy sees every scenario object through one tracing proxy per object (:meth:`proxy`), which reports
    reads and walks here; the program is run traced: ``hooks()`` observe its ``if`` tests and ``continue``
    statements."""

    def __init__(self) -> None:
        self.active = False
        self._by_obj: dict[int, Candidate] = {}
        self.order: list[Candidate] = []
        self._proxies: dict[int, Any] = {}
        self._walks: list[_Walk] = []

    def hooks(self) -> dict[str, Any]:
        return {"_if": self._if, "_cont": self._cont}

    def _if(self, loc: tuple[str, int], value: Any) -> Any:
        if self._walks:
            self._walks[-1].last_if = (loc, bool(value))
        return value

    def _cont(self, loc: tuple[str, int]) -> None:
        if self._walks:
            self._walks[-1].continued = True

    def walk(self, items: Iterator[Any]) -> Iterator[Any]:
        """``items`` (cgroups or tasks) as a traced walk: each is visited, and when the walk moves on (or ends,
        or is abandoned by a ``return``/``break``) the decision about the previous one is recorded."""
        w = _Walk()
        self._walks.append(w)
        try:
            for item in items:
                self._settle(w)
                w.item = item
                self.visit(item)
                yield item
        finally:
            self._settle(w)
            self._walks.remove(w)

    def _settle(self, w: _Walk) -> None:
        if w.item is not None and w.last_if is not None and self.active:
            (file, line), taken = w.last_if
            self.entry(w.item).decision = Decision(file, line, taken, w.continued)
        w.item, w.last_if, w.continued = None, None, False

    def proxy(self, obj: Any) -> Any:
        """The policy's view of scenario object ``obj`` (anything else is returned as it is)."""
        from pyoombpf.simulate.trace import proxy_class

        cls = proxy_class(type(obj))
        if cls is None:
            return obj
        found = self._proxies.get(id(obj))
        if found is None:
            found = self._proxies[id(obj)] = cls(obj, self)
        return found

    def entry(self, obj: MemcgModel | TaskModel) -> Candidate:
        c = self._by_obj.get(id(obj))
        if c is None:
            if isinstance(obj, MemcgModel):
                c = Candidate("cgroup", obj.name)
            else:
                comm = obj.comm.rstrip(b"\0").decode(errors="replace")
                c = Candidate("task", obj.memcg.name if obj.memcg else "", obj.pid, comm)
            self._by_obj[id(obj)] = c
            self.order.append(c)
        return c

    def read(self, obj: MemcgModel | TaskModel, attr: str, value: Any, defaulted: bool = False) -> None:
        if self.active:
            self.entry(obj).reads.append(Read(attr, value, defaulted))
            # a task's values explain its cgroup's fate
            if isinstance(obj, SimTask) and isinstance(obj.memcg, SimMemcg):
                self.entry(obj.memcg).reads.append(Read(f"task {obj.pid} {attr}", value, defaulted))

    def visit(self, obj: MemcgModel | TaskModel) -> None:
        if self.active:
            self.entry(obj).visits += 1

    def outcome(self, obj: MemcgModel | TaskModel, outcome: str, why: str) -> None:
        c = self.entry(obj)
        if c.outcome != "chosen":  # chosen wins over a later refusal of one of its tasks
            c.outcome, c.why = outcome, why


@dataclass(eq=False)
class SimTask(TaskModel):
    """A task of a scenario.  ``exiting``: the task is already on its way out (the kernel does not kill it
    again); ``rss``/``swap`` are the scenario's sizes in bytes (shown in reports)."""

    exiting: bool = False

    @property
    def comm_text(self) -> str:
        return self.comm.rstrip(b"\0").decode(errors="replace")


@dataclass(eq=False)
class SimMemcg(MemcgModel):
    """A memory cgroup of a scenario.  All counters live in one ``stats`` dict keyed by kernel enum name, so
    ``page_state``/``vm_events``/``memory_events`` (whichever ``stat(NAME)`` compiled to) find them; one the
    scenario does not give reads as 0 (``strict``: a ModelError).  The policy reads it through a tracing proxy
    (:mod:`pyoombpf.simulate.trace`), so nothing here records anything."""

    stats: dict[str, int] = field(default_factory=dict)
    limit: int | None = None
    strict: bool = False

    def counter(self, name: str) -> tuple[int, bool]:
        """The counter ``name`` and whether it defaulted to 0 (the scenario does not give it)."""
        if name in self.stats:
            return self.stats[name], False
        if self.strict:
            raise ModelError(
                f"the policy reads {name} of cgroup {self.name}, which the scenario does not give "
                "(strict mode: add it to the cgroup's stats table)"
            )
        return 0, True

    def page_state(self, name: str) -> int:
        return self.counter(name)[0]

    def memory_events(self, name: str) -> int:
        return self.counter(name)[0]

    def vm_events(self, name: str) -> int:
        return self.counter(name)[0]

    def descendants(self, post_order: bool = True) -> Iterator[SimMemcg]:
        """The kernel's css walk (this cgroup and all below, pre- or post-order), without recursion (scenarios
        may be deep)."""
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

    def subtree_tasks(self) -> Iterator[SimTask]:
        for m in self.descendants(True):
            yield from m.tasks_  # type: ignore[misc]


@dataclass(eq=False)
class SimOomControl(OomControlModel):
    """``oc``: kills follow ``bpf_oom_kill_process`` — an unkillable task (-1000) is refused (-EINVAL); a dying or
    exiting one is not killed again (and, unlike upstream v3, not counted as freed); a kill honours
    ``memory.oom.group`` (the highest oom.group cgroup inside the OOM scope is killed whole).  ``totalpages_known``
    False: the scenario gives no totalpages, and the policy reading it is a ModelError (raised by the tracing
    proxy).  Every outcome is reported to ``tracer``."""

    tracer: Tracer = field(default_factory=lambda: Tracer(), repr=False)
    totalpages_known: bool = True
    refusals: list[tuple[int, str]] = field(default_factory=list)

    def kill(self, task: TaskModel, reason: str) -> int:
        if _is_null(task):
            return 0  # bpf_oom_kill_process(NULL): the kernel refuses; nothing is killed
        assert isinstance(task, SimTask)
        refused = self._refusal(task)
        if refused:
            self.refusals.append((task.pid, refused))
            self.tracer.outcome(task, "refused", refused)
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
            if not t.is_oom_victim and self.kill(t, reason):
                killed = 1
        if killed:
            entry = self.tracer.entry(memcg)
            entry.outcome, entry.why = "chosen", f"kill_memcg: {reason}"
        else:
            self.tracer.outcome(memcg, "refused", "kill_memcg killed nothing (no killable task)")
        return killed

    # release actions: the model's rules (pyexec/oommodel.py), each outcome shown in the trace

    def reclaim(self, memcg: MemcgModel, nbytes: int) -> int:
        handled = super().reclaim(memcg, nbytes)
        if not _is_null(memcg):
            r = self.releases[-1]
            self.tracer.outcome(
                memcg, "chosen" if handled else "refused", f"reclaim: would free {r.freed} of {nbytes} bytes asked"
            )
        return handled

    def freeze(self, memcg: MemcgModel, seconds: int, then: str) -> int:
        handled = super().freeze(memcg, seconds, then)
        if not _is_null(memcg):
            self.tracer.outcome(memcg, "refused", f"freeze for {seconds} s, then {then}: frees nothing by itself")
        return handled

    @staticmethod
    def _refusal(task: SimTask) -> str:
        if task.is_oom_victim:
            return "already an OOM victim (not killed again)"
        if task.exiting:
            return "exiting (not killed again)"
        if task.oom_score_adj == OOM_SCORE_ADJ_MIN:
            return "oom_score_adj -1000: unkillable (-EINVAL)"
        return ""

    def _kill_one(self, task: SimTask, reason: str) -> None:
        task.is_oom_victim = True
        self.kills.append(Kill(task.pid, task.comm_text, task.memcg.name if task.memcg else "", reason))
        self.tracer.outcome(task, "chosen", f"killed: {reason}")
        if task.memcg is not None:
            self.tracer.outcome(task.memcg, "chosen", f"a task was killed: {reason}")

    def _oom_group_of(self, task: SimTask) -> SimMemcg | None:
        """The kernel's mem_cgroup_get_oom_group: the highest ancestor (up to the OOM scope) with oom.group."""
        found = None
        m = task.memcg
        while m is not None:
            if m.oom_group:
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
    """kfuncs a policy may call directly, answered from the scenario (others are a ModelError).  The policy's
    values are tracing proxies: arguments are unwrapped, kernel objects returned are wrapped (``tracer``)."""

    def __init__(self, root: SimMemcg, tracer: Tracer | None = None, now: int = 0) -> None:
        self.root = root
        self.tracer = tracer if tracer is not None else Tracer()
        self.now = now
        #: how many times the policy read the clock (the report shows the time it read)
        self.clock_reads = 0
        self._pids: dict[int, SimTask] | None = None

    def now_ns(self) -> int:
        """``now_ns()``: the scenario's clock (``[oom] now``), the same at every call of one run."""
        self.clock_reads += 1
        return self.now

    def call_kfunc(self, name: str, args: tuple[Any, ...]) -> Any:
        # the methods read their arguments through the proxies (what a kfunc reads, the policy read)
        return self.tracer.proxy(super().call_kfunc(name, args))

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
