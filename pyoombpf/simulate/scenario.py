"""Scenarios: a cgroup tree with tasks and counters, plus the OOM itself.

A :class:`Scenario` is plain data (built in code, read from a TOML file by :meth:`Scenario.load`, or snapshotted
from the live machine by :meth:`Scenario.from_system`); :meth:`Scenario.build` turns it into the traced kernel
model a simulation runs against.  Cgroup paths are relative to the hierarchy root, without leading slash
(``"oom_test/cg1"``; ``""`` is the root); models and reports show them as ``/oom_test/cg1``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pyoombpf import uapi
from pyoombpf.simulate.errors import ScenarioError
from pyoombpf.simulate.model import SimKernel, SimMemcg, SimOomControl, SimTask, Tracer

PAGE_SIZE = uapi.PAGE_SIZE
NS_PER_S = 1_000_000_000


def norm_path(path: str) -> str:
    """``"/a//b/"`` → ``"a/b"``; ``"/"`` → ``""`` (the root)."""
    return "/".join(p for p in path.split("/") if p)


def show_path(path: str) -> str:
    return "/" + norm_path(path)


@dataclass
class TaskSpec:
    pid: int
    comm: str = "task"
    rss: int = 0  # bytes
    swap: int = 0  # bytes
    oom_score_adj: int = 0
    tgid: int = 0
    exiting: bool = False
    oom_victim: bool = False
    oom_skip: bool = False  # an OOM victim whose memory the reaper is done with (MMF_OOM_SKIP)
    start_time: int = 0  # task->start_time: nanoseconds since boot when it started (CLOCK_MONOTONIC)
    line: int | None = None


@dataclass
class CgroupSpec:
    path: str
    id: int = 0
    usage: int | None = None  # bytes; None: derived (tasks' rss + file + children's usage)
    limit: int | None = None  # bytes
    file: int | None = None  # bytes of page cache (→ NR_FILE_PAGES)
    swap: int | None = None  # bytes of swap (→ MEMCG_SWAP)
    #: bytes of its own page cache that reclaim would free (oc.reclaim); 0: the kernel already reclaimed it
    reclaimable: int = 0
    stats: dict[str, int] = field(default_factory=dict)  # kernel enum name → raw kernel value
    oom_group: bool = False
    maps: dict[str, Any] = field(default_factory=dict)  # map name → value stored under this cgroup's id
    xattrs: dict[str, str] = field(default_factory=dict)
    owner_uid: int = 0  # the cgroup directory's owner (memcg.xattr_flag() counts root-owned cgroups only)
    tasks: list[TaskSpec] = field(default_factory=list)
    line: int | None = None
    #: lines of individual keys (stats names, map names) for errors found later
    key_lines: dict[str, int] = field(default_factory=dict)

    def counters(self) -> dict[str, int]:
        """``stats`` with the ``file``/``swap`` shorthands folded in (in pages, as the kernel counts)."""
        out = dict(self.stats)
        if self.file is not None:
            out["NR_FILE_PAGES"] = self.file
        if self.swap is not None:
            out["MEMCG_SWAP"] = self.swap
        return out


@dataclass
class ReleaseSpec:
    """``[release.<tag>]``: disposable files ``oc.drop_files(tag)`` can delete (``bytes``), charged to ``cgroup``
    (None: the OOM's cgroup)."""

    tag: str
    bytes: int
    cgroup: str | None = None
    line: int | None = None


@dataclass
class Scenario:
    """A cgroup tree and the OOM that hits it."""

    cgroups: dict[str, CgroupSpec] = field(default_factory=dict)
    oom_cgroup: str = ""  # the cgroup that is out of memory ("" = system-wide)
    order: int = 0
    gfp_mask: int = 0
    totalpages: int | None = None
    #: where the policy is attached ("" = the root: system-wide); several: dispatched upwards like the kernel
    attach: str | list[str] = ""
    config: dict[str, int] = field(default_factory=dict)
    #: map contents by key, not by cgroup (``[maps]``: an ArrayMap's table of thresholds); map name → key → value
    maps: dict[str, dict[int, Any]] = field(default_factory=dict)
    #: the line of each ``[maps]`` entry, by map name
    map_lines: dict[str, int | None] = field(default_factory=dict)
    #: disposable files by tag (what oc.drop_files would delete)
    release: dict[str, ReleaseSpec] = field(default_factory=dict)
    source: str = "<scenario>"
    description: str = ""
    oom_line: int | None = None
    #: what ``now_ns()`` returns (``[oom] now``, CLOCK_MONOTONIC ns); None: :meth:`clock`'s default
    now: int | None = None

    # ------------------------------------------------------------------------------------------ building in code

    def cgroup(self, path: str, **kw: Any) -> CgroupSpec:
        """Add (or return, when called with only a path) the cgroup at ``path``; ancestors appear implicitly."""
        p = norm_path(path)
        spec = self.cgroups.get(p)
        if spec is None:
            for i in range(1, p.count("/") + 1 if p else 0):
                anc = "/".join(p.split("/")[:i])
                self.cgroups.setdefault(anc, CgroupSpec(anc))
            spec = self.cgroups[p] = CgroupSpec(p)
        tasks = kw.pop("tasks", None)
        for k, v in kw.items():
            if not hasattr(spec, k) or k in ("path", "line", "key_lines"):
                raise ScenarioError(f"cgroup {show_path(p)}: unknown key {k!r}", self.source)
            setattr(spec, k, v)
        for t in tasks or ():
            spec.tasks.append(t if isinstance(t, TaskSpec) else TaskSpec(**t))
        return spec

    def id_of(self, path: str) -> int:
        """The cgroup id the simulation gives ``path`` (what a policy sees as ``memcg.id``)."""
        self._fill_ancestors()
        self._assign_ids()
        p = norm_path(path)
        if p == "":
            return self._root_id()
        if p not in self.cgroups:
            raise ScenarioError(f"no cgroup {show_path(p)} in the scenario", self.source)
        return self.cgroups[p].id

    @staticmethod
    def load(path: str) -> Scenario:
        """Read a scenario file (TOML, see docs/simulate.md)."""
        from pyoombpf.simulate.tomlfmt import load

        return load(path)

    @staticmethod
    def loads(text: str, source: str = "<string>") -> Scenario:
        from pyoombpf.simulate.tomlfmt import loads

        return loads(text, source)

    def dumps(self) -> str:
        """This scenario as a scenario file (e.g. a live snapshot to edit and replay)."""
        from pyoombpf.simulate.tomlfmt import dumps

        return dumps(self)

    @staticmethod
    def from_dict(data: dict[str, Any], source: str = "<dict>") -> Scenario:
        """A scenario from the same structure a TOML file parses to (``{"oom": {...}, "cgroup": {...}}``)."""
        from pyoombpf.simulate.tomlfmt import from_dict

        return from_dict(data, source)

    @staticmethod
    def from_system(cgroup: str = "/", *, root: str | None = None, proc: str = "/proc") -> Scenario:
        """Snapshot the live cgroup ``cgroup`` (and everything below it), read-only: see :mod:`.live`."""
        from pyoombpf.simulate.live import snapshot

        return snapshot(cgroup, root=root, proc=proc)

    # ------------------------------------------------------------------------------------------ model

    def _root_id(self) -> int:
        root = self.cgroups.get("")
        return root.id if root is not None and root.id else 1

    def _assign_ids(self) -> None:
        used = {c.id for c in self.cgroups.values() if c.id}
        nxt = max(used | {1}) + 1
        for p, c in self.cgroups.items():
            if not c.id:
                if p == "":
                    c.id = 1 if 1 not in used else nxt
                else:
                    c.id = nxt
                used.add(c.id)
                nxt = max(used) + 1

    def clock(self) -> int:
        """What ``now_ns()`` returns in this scenario: ``now`` if given, else one second after the newest task
        started (its largest ``start_time`` + 1 s; 1 s with no task times), so every task has a positive age."""
        if self.now is not None:
            return self.now
        starts = [t.start_time for c in self.cgroups.values() for t in c.tasks]
        return max(starts, default=0) + NS_PER_S

    def attach_list(self) -> list[str]:
        items = [self.attach] if isinstance(self.attach, str) else self.attach
        return [norm_path(a) for a in items]

    def _fill_ancestors(self) -> None:
        for p in list(self.cgroups):
            parts = p.split("/") if p else []
            for i in range(1, len(parts)):
                anc = "/".join(parts[:i])
                if anc not in self.cgroups:
                    self.cgroups[anc] = CgroupSpec(anc)

    def validate(self) -> None:
        self._fill_ancestors()
        self._assign_ids()
        seen: dict[int, str] = {}
        pids: dict[int, str] = {}
        for p, c in self.cgroups.items():
            if c.id in seen:
                raise ScenarioError(
                    f"cgroups {show_path(seen[c.id])} and {show_path(p)} have the same id {c.id}",
                    self.source,
                    c.line,
                )
            seen[c.id] = p
            for t in c.tasks:
                if t.pid in pids:
                    raise ScenarioError(
                        f"pid {t.pid} appears in {show_path(pids[t.pid])} and {show_path(p)}",
                        self.source,
                        t.line,
                    )
                pids[t.pid] = p
        for what, p, line in (
            [("[oom] cgroup", self.oom_cgroup, self.oom_line)]
            + [("[oom] attach", a, self.oom_line) for a in self.attach_list()]
            + [(f"release.{r.tag} cgroup", r.cgroup, r.line) for r in self.release.values() if r.cgroup is not None]
        ):
            if norm_path(p) and norm_path(p) not in self.cgroups:
                raise ScenarioError(
                    f"{what} names {show_path(p)}, which is not a cgroup of the scenario", self.source, line
                )

    def build(self, *, strict: bool = False) -> Built:
        """The traced kernel model of this scenario."""
        self.validate()
        tracer = Tracer()
        specs = dict(self.cgroups)
        specs.setdefault("", CgroupSpec("", id=self._root_id()))
        models: dict[str, SimMemcg] = {}
        for p in sorted(specs, key=lambda s: s.count("/") + (1 if s else 0)):  # parents first
            c = specs[p]
            m = SimMemcg(
                c.id,
                show_path(p),
                stats=c.counters(),
                oom_group=c.oom_group,
                limit=c.limit,
                xattrs=c.xattrs,
                owner_uid=c.owner_uid,
                strict=strict,
                reclaimable=c.reclaimable,
            )
            for t in c.tasks:
                m.add_task(
                    SimTask(
                        t.pid,
                        t.comm.encode(),
                        t.oom_score_adj,
                        t.tgid,
                        t.oom_victim,
                        rss=t.rss,
                        swap=t.swap,
                        exiting=t.exiting,
                        oom_skip=t.oom_skip,
                        start_time=t.start_time,
                    )
                )
            models[p] = m
        for p in specs:  # children in scenario order
            if p:
                models[p.rpartition("/")[0]].add(models[p])
        _fill_usage(models[""], specs, models)
        scope = models[norm_path(self.oom_cgroup)]
        attach = models[self.attach_list()[0]]
        total = self.totalpages
        limit = specs[norm_path(self.oom_cgroup)].limit
        if total is None and limit is not None:
            total = limit // PAGE_SIZE
        oc = SimOomControl(
            scope, attach.id, self.order, self.gfp_mask, total or 0, tracer=tracer, totalpages_known=total is not None
        )
        for tag, r in self.release.items():
            oc.disposable[tag] = r.bytes
            oc.disposable_memcg[tag] = models[r.cgroup] if r.cgroup is not None else scope
        return Built(models, oc, SimKernel(models[""], tracer, now=self.clock()), tracer)


def _fill_usage(m: SimMemcg, specs: dict[str, CgroupSpec], models: dict[str, SimMemcg]) -> int:
    """Usage not given = own tasks' rss + own page cache + children's usage (the kernel counts hierarchically)."""
    below = 0
    for c in m.children:
        assert isinstance(c, SimMemcg)
        below += _fill_usage(c, specs, models)
    spec = specs[norm_path(m.name)]
    own = sum(t.rss for t in spec.tasks) + (spec.file or 0)
    usage = spec.usage if spec.usage is not None else own + below
    m.usage = usage
    return usage


@dataclass
class Built:
    cgroups: dict[str, SimMemcg]
    oc: SimOomControl
    kernel: SimKernel
    tracer: Tracer
