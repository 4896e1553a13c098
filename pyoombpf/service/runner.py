"""What ``pyoombpf run`` adds around the relay to run as a service: the configuration file merged with the
flags, event output (text, JSON or the journal), Prometheus metrics, configured map entries kept resolved, and
``sd_notify``.  The relay itself is untouched: everything here hangs off its event callback
(``on_event``) and, in bridge mode, ``BridgePolicy.before_decision``.

Threads (each with a small stack: the relay locks its memory with ``mlockall(MCL_FUTURE)``, which would
otherwise lock the default 8 MiB stack of every thread): the metrics HTTP server and its request threads, the
journal writer, and one housekeeping thread that re-resolves the configured cgroup paths and folds pending
events into the metrics once a second.  On the relay's thread the service only prints the event line (text or
JSON mode, as before) and appends the event to the metrics' and the journal's queues.
"""

from __future__ import annotations

import argparse
import os
import threading
from typing import Any

from pyoombpf.bridge.events import Event
from pyoombpf.errors import PyoombpfError
from pyoombpf.service import config as cfgmod
from pyoombpf.service.config import ConfigError, ServiceConfig
from pyoombpf.service.notify import notify

THREAD_STACK = 512 * 1024
HOUSEKEEPING_S = 1.0
DEFAULTS = {"mode": "auto", "log": "auto"}


def merge(args: argparse.Namespace) -> ServiceConfig | None:
    """Fill the options not given on the command line from the configuration file (``--config FILE``; without
    it and without a policy file, ``/etc/pyoombpf/pyoombpf.toml``): flags win.  Returns the configuration."""
    path = args.config
    if path is None and args.file is None and getattr(args, "policy_lib", None) is None:
        if not os.path.exists(cfgmod.DEFAULT_PATH):
            raise PyoombpfError(
                "pyoombpf: error: no policy: give the policy file (pyoombpf run POLICY.py), a library policy "
                "(--policy-lib NAME) or a configuration "
                f"(--config FILE; the default, {cfgmod.DEFAULT_PATH}, does not exist)"
            )
        path = cfgmod.DEFAULT_PATH
    cfg = cfgmod.load(path) if path is not None else None
    if (args.file is not None or getattr(args, "policy_lib", None) is not None) and cfg is not None:
        cfg.values.pop("policy", None)  # a policy on the command line wins over the configuration's, either form
        cfg.values.pop("policy_lib", None)
    for dest, key in cfgmod.FLAG_KEYS.items():
        if getattr(args, dest, None) is None and cfg is not None and key in cfg.values:
            setattr(args, dest, cfg.values[key])
    for dest, default in DEFAULTS.items():
        if getattr(args, dest) is None:
            setattr(args, dest, default)
    if isinstance(args.triggers, str):
        try:
            args.triggers = cfgmod.KEYS["triggers"](args.triggers, "--triggers")
        except ValueError as exc:
            raise PyoombpfError(f"pyoombpf: error: {exc}") from None
    if args.metrics is not None:
        try:
            cfgmod.parse_address(args.metrics)
        except ValueError as exc:
            raise PyoombpfError(f"pyoombpf: error: {exc}") from None
    if getattr(args, "policy_lib", None) is not None:
        if args.file is not None:
            raise PyoombpfError("pyoombpf: error: give either a policy file or --policy-lib NAME, not both")
        try:
            args.file = cfgmod.library_path(args.policy_lib, "--policy-lib")
        except ValueError as exc:
            raise PyoombpfError(f"pyoombpf: error: {exc}") from None
    if args.file is None:
        where = cfg.source if cfg is not None else "the command line"
        raise PyoombpfError(f"pyoombpf: error: no policy file: give one on the command line or as policy = in {where}")
    return cfg


def policy_maps(compiled: Any, module: Any = None) -> tuple[dict[str, Any], dict[str, int]]:
    """The compiled policy's maps (:class:`~pyoombpf.objspec.MapSpec` by name) and its module's integer constants,
    from its spec (a ``CompiledObject``'s, or the ``ObjectSpec`` a compile child sent).  ``module``: unused (the
    spec carries the constants), kept for callers."""
    from pyoombpf.objspec import as_spec

    spec = as_spec(compiled)
    return dict(spec.maps), dict(spec.constants)


class Service:
    """Outputs and helpers of one ``pyoombpf run``; a context manager (closing stops every thread it started)."""

    def __init__(self, args: argparse.Namespace, cfg: ServiceConfig | None) -> None:
        self.cfg = cfg
        self._lock = threading.Lock()
        self._pending_warnings: list[str] = []
        self._status = ""
        self.log = self._resolve_log(args.log)
        self._json = self.log == "json"
        threading.stack_size(THREAD_STACK)
        self.metrics: Any = None
        self.journal: Any = None
        self.cgmaps: Any = None
        self.xattrs: Any = None
        self._cgroup: str | None = args.cgroup
        self._mirror = cfg is None or bool(cfg.get("xattrs", True))
        self._entries: list[cfgmod.BoundEntry] = []
        self._names: list[tuple[int, int]] = []
        self._stop = threading.Event()
        self._housekeeper: threading.Thread | None = None
        try:
            if args.metrics is not None:
                from pyoombpf.service.metrics import Metrics

                self.metrics = Metrics()
                self.metrics.serve(args.metrics)  # before the relay changes anything: a busy port stops here
            if self.log == "journal":
                from pyoombpf.service.journal import JournalSink

                self.journal = JournalSink()
        except BaseException:
            self.close()
            raise

    def _resolve_log(self, log: str) -> str:
        from pyoombpf.service import journal

        if log in ("text", "json"):
            return log
        problem = journal.problem() if log == "journal" or journal.stdout_is_journal() else "not under systemd"
        if problem is None:
            return "journal"
        if log == "journal":
            raise PyoombpfError(f"pyoombpf: error: log = journal: {problem}")
        if journal.stdout_is_journal():  # auto under systemd, but no binding: the journal still gets stdout
            self._pending_warnings.append(f"events go to stdout as text, not as structured entries: {problem}")
        return "text"

    # ------------------------------------------------------------------ events
    def on_event(self, event: Event) -> None:
        """The relay's event sink (its thread, during an OOM): print the line, queue for metrics and journal."""
        with self._lock:  # queued first: whoever reads the printed line finds the event in /metrics already
            if self.metrics is not None:
                self.metrics.on_event(event)
            if self.journal is not None:
                self.journal.on_event(event)
            if self.log != "journal":
                print(event.to_json() if self._json else event.to_text(), flush=True)
        if event.kind == "start":
            for message in self._pending_warnings:
                self.emit("warning", message=message)
            self._pending_warnings.clear()
            self._status = f"policy {event.get('policy')} on {event.get('cgroup')}"
        elif event.kind == "stop":  # reported before the policy is unloaded: stop reading its maps now
            self._detach()
            notify("STOPPING=1")

    def emit(self, kind: str, **fields: Any) -> None:
        self.on_event(Event(kind, fields))

    # ------------------------------------------------------------------ the policy
    def bind(self, compiled: Any, module: Any = None) -> None:
        """Check the configured map contents against the compiled policy (before anything is loaded)."""
        if self.cfg is None or not (self.cfg.maps or self.cfg.names):
            return
        specs, constants = policy_maps(compiled, module)
        self._entries = cfgmod.bind_maps(self.cfg, specs, constants)
        self._names = cfgmod.bind_names(self.cfg, specs, constants)

    def attach(self, policy: Any, compiled: Any) -> None:
        """Once the policy runs: fill the configured map entries, hook them into every decision, export the
        policy's counters, start the housekeeping thread."""
        if self._entries:
            from pyoombpf.service.maps import CgroupMaps

            assert self.cfg is not None
            self.cgmaps = CgroupMaps(self._entries, _memory_root(policy), policy.map, self.emit, self.cfg.source)
            self.cgmaps.refresh()
        if self._names:
            names = policy.map("names")
            for key, value in self._names:
                names[key] = value
        self._start_xattrs(policy, compiled)
        hooks = [h.refresh for h in (self.cgmaps, self.xattrs) if h is not None]

        def before_decision() -> None:  # configured entries first: the mirror leaves their cgroups alone
            for hook in hooks:
                hook()

        if hooks and hasattr(policy, "before_decision"):
            policy.before_decision = before_decision
        if self.metrics is not None:
            self._export(policy, compiled)
        self._housekeeper = threading.Thread(target=self._housekeeping, name="pyoombpf-housekeeping", daemon=True)
        self._housekeeper.start()
        notify(f"READY=1\nSTATUS={self._status}\nMAINPID={os.getpid()}")  # loaded, armed, map entries written

    def _start_xattrs(self, policy: Any, compiled: Any) -> None:
        """Mirror systemd's preference xattrs into the policy's ``prefs`` map (pyoombpf/service/xattrs.py), for
        every policy that has one with OMIT and AVOID constants, unless ``xattrs = false``."""
        from pyoombpf.objspec import as_spec
        from pyoombpf.service.xattrs import XattrPrefs, wants_mirror

        spec = as_spec(compiled)
        if not self._mirror or not wants_mirror(spec):
            return
        values = {"omit": int(spec.constants["OMIT"]), "avoid": int(spec.constants["AVOID"])}
        top = _attach_path(policy, self._cgroup)
        cgmaps = self.cgmaps
        # a configured preference wins over the xattrs, except NONE (0): "no preference" lets systemd's apply
        configured = (lambda: cgmaps.ids("prefs", unless=0)) if cgmaps is not None else set
        self.xattrs = XattrPrefs(top, policy.map("prefs"), values, self.emit, configured).start()

    def _export(self, policy: Any, compiled: Any) -> None:
        specs, _ = policy_maps(compiled)
        abi = compiled.abi if policy.mode == "struct_ops" else _bridge_abi()
        self.metrics.set_info(compiled.name, policy.mode, abi)
        arrays = {n: s for n, s in specs.items() if s.kind == "array" and s.int_value is not None}
        self.metrics.export_maps({n: (policy.map(n), s.max_entries) for n, s in arrays.items()})

    def _detach(self) -> None:
        self._stop.set()
        if self.cgmaps is not None:
            self.cgmaps.close()
        if self.xattrs is not None:
            self.xattrs.close()
        if self.metrics is not None:
            self.metrics.export_maps({})

    def _housekeeping(self) -> None:
        while not self._stop.wait(HOUSEKEEPING_S):
            if self.cgmaps is not None:
                self.cgmaps.refresh()
            if self.xattrs is not None:
                self.xattrs.refresh()
            if self.metrics is not None:
                self.metrics.drain()

    def close(self) -> None:
        self._stop.set()
        if self._housekeeper is not None:
            self._housekeeper.join(timeout=5)
        if self.xattrs is not None:
            self.xattrs.close()
        if self.metrics is not None:
            self.metrics.close()
        if self.journal is not None:
            self.journal.close()

    def __enter__(self) -> Service:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _memory_root(policy: Any) -> str:
    relay = getattr(policy, "relay", None)
    if relay is not None:
        return str(relay.root)
    from pyoombpf.bridge.memcg_v1 import v1_memory_root
    from pyoombpf.bridge.memcg_v2 import v2_memory_root

    root = v1_memory_root() or v2_memory_root()
    if root is None:
        raise ConfigError("the configuration has map entries by cgroup path, and no memory cgroup hierarchy is mounted")
    return root


def _attach_path(policy: Any, cgroup: str | None) -> str:
    """The directory of the cgroup the policy is attached to."""
    relay = getattr(policy, "relay", None)
    if relay is not None:
        return str(relay.path)
    root = _memory_root(policy)
    return os.path.normpath(os.path.join(root, cgroup)) if cgroup else root


def _bridge_abi() -> str:
    from pyoombpf.bridge.policy import memory_on_v2

    return "cgroup-v2" if memory_on_v2() else "cgroup-v1"
