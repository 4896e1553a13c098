"""``simulate(policy, scenario)``: run a policy as Python against a scenario and explain what it decided."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pyoombpf import sourcetext
from pyoombpf.memo import PerObject
from pyoombpf.objspec import HASH_KINDS
from pyoombpf.pyexec.oommodel import Release
from pyoombpf.pyexec.rules import MapState, ModelError, PyEnv
from pyoombpf.simulate.errors import NotAPolicyError, ScenarioError
from pyoombpf.simulate.model import Candidate, TracedDict, jsonable
from pyoombpf.simulate.scenario import Scenario, norm_path, show_path

#: which kernel enums hold memory counters (the families memcg.stat() reads from)
STAT_ENUMS = ("node_stat_item", "memcg_stat_item", "vm_event_item", "memcg_memory_event")


@dataclass
class Victim:
    pid: int
    comm: str
    cgroup: str
    reason: str


@dataclass
class SimResult:
    """What the policy decided, and how."""

    policy: str
    verdict: str  # "handled" | "pass"
    victims: list[Victim]
    #: every cgroup and task the policy touched, in first-touch order
    trace: list[Candidate]
    #: map contents after the run (name → MapState; hash maps are dicts, arrays lists, ring buffers lists)
    maps: dict[str, MapState]
    scenario: Scenario
    oom_cgroup: str = "/"
    attach_cgroup: str = "/"
    #: (cgroup, counter) pairs the policy read that the scenario did not give (they read as 0)
    defaulted: list[tuple[str, str]] = field(default_factory=list)
    #: (attach cgroup, "handled" | "pass" | "not run (...)") for each attached copy, in dispatch order
    handlers: list[tuple[str, str]] = field(default_factory=list)
    #: the release actions the policy took (oc.reclaim/drop_files/freeze) and what each would free
    releases: list[Release] = field(default_factory=list)
    #: what ``now_ns()`` returned (the scenario's clock), None if the policy never read it
    now: int | None = None

    @property
    def handled(self) -> bool:
        return self.verdict == "handled"

    @property
    def victim_cgroups(self) -> list[str]:
        """Cgroups of the victims, each once, in kill order."""
        return list(dict.fromkeys(v.cgroup for v in self.victims))

    @property
    def candidates(self) -> list[Candidate]:
        """The cgroups of the trace (tasks are in :attr:`trace` too, and summarised in their cgroup's reads)."""
        return [c for c in self.trace if c.kind == "cgroup"]

    def cgroup(self, path: str) -> Candidate:
        """The trace entry of cgroup ``path`` (KeyError if the policy never touched it)."""
        want = show_path(path)
        for c in self.trace:
            if c.kind == "cgroup" and c.cgroup == want:
                return c
        raise KeyError(f"the policy never touched cgroup {want}")

    def task(self, pid: int) -> Candidate:
        for c in self.trace:
            if c.kind == "task" and c.pid == pid:
                return c
        raise KeyError(f"the policy never touched task {pid}")

    def to_json(self) -> dict[str, Any]:
        return {
            "policy": self.policy,
            "scenario": self.scenario.source,
            "oom_cgroup": self.oom_cgroup,
            "attach_cgroup": self.attach_cgroup,
            "verdict": self.verdict,
            "victims": [vars(v) for v in self.victims],
            "trace": [c.to_json() for c in self.trace],
            "defaulted": [{"cgroup": c, "counter": n} for c, n in self.defaulted],
            "handlers": [{"attach_cgroup": a, "result": r} for a, r in self.handlers],
            "releases": [vars(r) for r in self.releases],
            "now": self.now,
            "maps": {n: jsonable(st.data) for n, st in self.maps.items()},
        }

    def table(self) -> str:
        from pyoombpf.simulate.report import table

        return table(self)


#: the compiled object of each policy function, for as long as the function lives
_COMPILED: PerObject[Any] = PerObject()


def compiled_policy(policy: Any) -> Any:
    """The CompiledObject of an ``@oom_handler`` function (compiled once per function), or ``policy`` itself."""
    from pyoombpf.compiler import CompiledObject

    if isinstance(policy, CompiledObject):
        if policy.kind not in ("struct_ops", "bridge"):
            raise NotAPolicyError(
                f"{policy.name} was compiled from a plain function, not an @oom_handler policy: simulate() runs "
                "OOM policies (decorate the function with @oom_handler and take `oc: OomControl`)"
            )
        return policy
    if not callable(policy) or getattr(policy, "__pyoombpf_policy__", None) is None:
        name = getattr(policy, "__qualname__", repr(policy))
        raise NotAPolicyError(
            f"{name} is not an OOM policy: simulate() runs functions decorated with @oom_handler "
            "(`@oom_handler(name=...)` on `def handler(oc: OomControl) -> Verdict`)"
        )
    return _COMPILED.get(policy, lambda: _compile_for_simulate(policy))


#: the Python program of each compiled policy, traced (where its ``if``s decided), kept like _COMPILED
_TRACED: PerObject[Any] = PerObject()


def _traced(obj: Any) -> Any:
    from pyoombpf.pyexec.emit import PyProgram

    return _TRACED.get(obj, lambda: PyProgram(obj.program, trace=True))


def _compile_for_simulate(policy: Any) -> Any:
    """struct_ops mode, or bridge mode for a policy that uses what only bridge mode has (oc.drop_files,
    oc.freeze, oc.reclaim without experimental=True): simulate runs the Python twin, the same in both."""
    from pyoombpf.compiler import compile as pcompile
    from pyoombpf.errors import CompileError

    try:
        return pcompile(policy)
    except CompileError as e:
        if "is bridge-only" not in str(e) and "needs @oom_handler(experimental=True)" not in str(e):
            raise
    return pcompile(policy, mode="bridge")


def simulate(
    policy: Any,
    scenario: Scenario | str,
    *,
    attach_cgroup: str | Sequence[str] | None = None,
    maps: Mapping[str, Mapping[int, Any]] | None = None,
    config: Mapping[str, int] | None = None,
    strict: bool = False,
) -> SimResult:
    """Run ``policy`` (an ``@oom_handler`` function or its CompiledObject) against ``scenario`` (a Scenario or
    the path of a scenario file).

    ``attach_cgroup`` overrides where the policy is attached (the scenario's ``[oom] attach``; default the root).
    Several paths attach the same policy at each, and the OOM is dispatched as the kernel does: from the OOM
    cgroup upwards, each attached copy runs in turn until one kills.  ``maps`` presets map contents (map name →
    {key: value}; record values as the record class or a dict of its fields), applied after the scenario's
    per-cgroup ``maps``.  ``config`` sets config values.  ``strict``: a counter the scenario does not give is a
    ModelError instead of reading as 0.
    """
    obj = compiled_policy(policy)
    sc = Scenario.load(scenario) if isinstance(scenario, str) else scenario
    attach = sc.attach_list() if attach_cgroup is None else _as_list(attach_cgroup)
    for a in attach:
        if a and a not in sc.cgroups:
            raise ScenarioError(f"attach_cgroup {show_path(a)} is not a cgroup of the scenario", sc.source)
    _check_stats(obj, sc)
    built = sc.build(strict=strict)
    env = PyEnv(kernel=built.kernel)
    env.config.update(sc.config)
    env.config.update(config or {})
    _preset_maps(obj, env, sc, maps or {})
    by_id = {m.id: m for m in built.cgroups.values()}
    for ref in _map_refs(obj).values():
        st = env.map(ref)
        if st.kind in HASH_KINDS:
            st.data = TracedDict(st.data, ref.name, built.tracer, by_id)
    program, hooks = _traced(obj), built.tracer.hooks()

    def run(oc: Any) -> Any:
        return program.call(env, oc, hooks=hooks)

    handlers, decided = _dispatch(run, built, sc, attach)
    trace = built.tracer.order
    for c in trace:
        if c.outcome == "skipped":
            c.why = _why_skipped(c, obj.program.entry.filename)
    victims = [Victim(k.pid, k.comm, k.memcg, k.reason) for k in built.oc.kills]
    defaulted = list(
        dict.fromkeys((c.cgroup, r.attr) for c in trace if c.kind == "cgroup" for r in c.reads if r.defaulted)
    )
    return SimResult(
        policy=obj.name,
        verdict="handled" if decided is not None else "pass",
        victims=victims,
        trace=trace,
        maps=env.maps,
        scenario=sc,
        oom_cgroup=show_path(sc.oom_cgroup),
        attach_cgroup=show_path(decided if decided is not None else attach[0]),
        defaulted=defaulted,
        handlers=handlers,
        releases=list(built.oc.releases),
        now=built.kernel.now if built.kernel.clock_reads else None,
    )


def _as_list(attach: str | Sequence[str]) -> list[str]:
    items = [attach] if isinstance(attach, str) else list(attach)
    if not items:
        raise ScenarioError('attach_cgroup is empty: attach the policy somewhere ("/" = system-wide)')
    return [norm_path(a) for a in items]


def _dispatch(run: Any, built: Any, sc: Scenario, attach: list[str]) -> tuple[list[tuple[str, str]], str | None]:
    """The kernel's dispatch: from the OOM cgroup up to the root, run each attached copy until one kills."""
    oom = norm_path(sc.oom_cgroup)
    parts = oom.split("/") if oom else []
    upward = ["/".join(parts[:i]) for i in range(len(parts), -1, -1)]  # oom cgroup, parent, ..., root ("")
    order = [p for p in upward if p in attach]
    handlers: list[tuple[str, str]] = []
    decided = None
    for path in order:
        if decided is not None:
            handlers.append((show_path(path), "not run (a handler below killed)"))
            continue
        built.oc.attach_cgroup_id = built.cgroups[path].id
        before, released = len(built.oc.kills), len(built.oc.releases)
        built.tracer.active = True
        try:
            ret = run(built.tracer.proxy(built.oc))
        finally:
            built.tracer.active = False
        freed = any(r.freed > 0 for r in built.oc.releases[released:])
        handled = bool(ret) and (len(built.oc.kills) > before or freed)
        handlers.append((show_path(path), "handled" if handled else "pass"))
        if handled:
            decided = path
    for path in attach:
        if path not in order:
            handlers.append((show_path(path), "not run (not on the OOM cgroup's path to the root)"))
    return handlers, decided


def _why_skipped(c: Candidate, policy_file: str) -> str:
    """Where the walk passed over ``c`` -- its filter's line -- and the last value read of it."""
    last = f" ({c.reads[-1]})" if c.reads else ""
    d = c.decision
    if d is None:
        return f"not chosen (last read: {c.reads[-1]})" if c.reads else "visited, nothing read"
    where = f"line {d.line}" if d.file == policy_file else f"{os.path.basename(d.file)}:{d.line}"
    test = sourcetext.line(d.file, d.line).strip() or "if …"
    if d.continued:
        return f"{where}: `{test}` → continue{last}"
    if not d.taken:
        return f"{where}: `{test}` was false{last}"
    return f"{where}: `{test}` was true, then another was chosen{last}"


def _check_stats(obj: Any, sc: Scenario) -> None:
    """Every counter name of the scenario must be a memory counter of the kernel the policy was compiled for."""
    from pyoombpf.btf import TypeNotFoundError

    types = _types(obj.abi or "v3")
    for c in sc.cgroups.values():
        for name in c.counters():
            try:
                enum, _ = types.enum_value(name)
            except TypeNotFoundError:
                raise ScenarioError(
                    f"cgroup {show_path(c.path)}: stats.{name} is not a kernel counter name "
                    f"(names come from the kernel enums {', '.join(STAT_ENUMS)})",
                    sc.source,
                    c.key_lines.get(f"stats.{name}", c.line),
                ) from None
            if enum.name not in STAT_ENUMS:
                raise ScenarioError(
                    f"cgroup {show_path(c.path)}: stats.{name} is a value of enum {enum.name}, not a memory counter",
                    sc.source,
                    c.key_lines.get(f"stats.{name}", c.line),
                )


_TYPES: dict[str, Any] = {}


def _types(abi: str) -> Any:
    """Kernel types as the compiler sees them (the running kernel's BTF, then the bundled description)."""
    if abi not in _TYPES:
        from pyoombpf.btf import TypeSource

        _TYPES[abi] = TypeSource(abi=abi)
    return _TYPES[abi]


def _map_refs(obj: Any) -> dict[str, Any]:
    return {ref.name: ref for ref in obj.program.globals.get("maps", {}).values()}


def _preset_maps(obj: Any, env: PyEnv, sc: Scenario, maps: Mapping[str, Mapping[int, Any]]) -> None:
    refs = _map_refs(obj)

    def state(name: str, where: str, line: int | None) -> Any:
        ref = refs.get(name)
        if ref is None:
            raise ScenarioError(
                f"{where}: the policy {obj.name} has no map {name!r} (it has: {', '.join(refs) or 'none'})",
                sc.source,
                line,
            )
        return ref

    sc.validate()
    for name, preset in sc.maps.items():
        line = sc.map_lines.get(name)
        ref = state(name, "[maps]", line)
        for key, value in preset.items():
            _store(env, ref, key, value, f"[maps]: {name}[{key}]", sc.source, line)
    mirror = _xattr_values(obj)
    for c in sc.cgroups.values():
        for name, value in c.maps.items():
            line = c.key_lines.get(f"maps.{name}", c.line)
            ref = state(name, f"cgroup {show_path(c.path)}", line)
            _store(env, ref, c.id, value, f"cgroup {show_path(c.path)}: maps.{name}", sc.source, line)
        given = c.maps.get("prefs", 0)  # a preference other than NONE (0) wins over systemd's xattrs
        pref = _xattr_preference(c.xattrs) if mirror and given == 0 and c.owner_uid == 0 else None
        if pref is not None and mirror is not None:  # as pyoombpf run's mirror of systemd's xattrs does
            _store(env, refs["prefs"], c.id, mirror[pref], f"cgroup {show_path(c.path)}: xattrs", sc.source, c.line)
    for name, entries in maps.items():
        ref = state(name, "maps=", None)
        for key, value in entries.items():
            _store(env, ref, key, value, f"maps[{name!r}][{key}]", "simulate()", None)


def _xattr_values(obj: Any) -> dict[str, int] | None:
    """The policy's OMIT/AVOID numbers when ``pyoombpf run`` would mirror systemd's xattrs into its prefs map."""
    from pyoombpf.objspec import as_spec
    from pyoombpf.service.xattrs import wants_mirror

    spec = as_spec(obj)
    if not wants_mirror(spec):
        return None
    return {"omit": int(spec.constants["OMIT"]), "avoid": int(spec.constants["AVOID"])}


def _xattr_preference(xattrs: dict[str, str]) -> str | None:
    from pyoombpf.service.xattrs import preference_from

    return preference_from(xattrs)


def _store(env: PyEnv, ref: Any, key: int, value: Any, what: str, source: str, line: int | None) -> None:
    from pyoombpf.types.records import RecordType

    st = env.map(ref)
    vt = ref.decl.value_type
    if isinstance(vt, RecordType):
        if isinstance(value, Mapping):
            names = [f.name for f in vt.fields]
            bad = [k for k in value if k not in names]
            if bad:
                raise ScenarioError(
                    f"{what}: record {vt.name} has no field {bad[0]!r} (fields: {', '.join(names)})",
                    source,
                    line,
                )
            value = vt.pycls(**value)
        elif not isinstance(value, vt.pycls):
            raise ScenarioError(f"{what}: the map holds {vt.name} records; give a table of its fields", source, line)
    elif isinstance(value, bool) or not isinstance(value, int):
        raise ScenarioError(f"{what}: the map holds integers, not {type(value).__name__}", source, line)
    if st.kind == "array":
        if not 0 <= key < st.max_entries:
            raise ScenarioError(
                f"{what}: index {key} is outside the array (max_entries {st.max_entries})", source, line
            )
        st.data[key] = value
    elif st.kind in HASH_KINDS:
        if key not in st.data and len(st.data) >= st.max_entries:
            raise ScenarioError(f"{what}: more entries than the map's max_entries ({st.max_entries})", source, line)
        st.data[key] = value
    else:
        raise ScenarioError(f"{what}: a {st.kind} map cannot be preset", source, line)


__all__ = ["ModelError", "SimResult", "Victim", "simulate"]
