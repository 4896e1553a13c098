"""Prometheus metrics of ``pyoombpf run --metrics HOST:PORT``, served from their own thread.

Never on the OOM path: the relay reports events on its own thread, in the middle of handling an OOM (the ``oom``
event comes *before* the policy runs).  :meth:`Metrics.on_event` only appends the event — an object the relay
made anyway — to a ``collections.deque`` (one atomic append: no lock, no Prometheus object, no label child is
created there).  The events are turned into counters by :meth:`Metrics.drain`, which runs on the metrics
thread when ``/metrics`` is scraped and once a second on the housekeeping thread (so the deque stays short when
nobody scrapes).  The policy's own ``ArrayMap`` counters are read by the metrics thread at scrape time, straight
from the kernel (``bpf_map_lookup_elem`` does not stop the policy: it runs on the relay's thread or in the
kernel).

Metrics (docs/deploy.md says which to alert on):

* ``pyoombpf_ooms_total{cgroup}``: OOMs the relay handled (v1), decision triggers and kernel OOMs it saw (v2)
* ``pyoombpf_kills_total{cgroup,policy,reason}``: processes the policy killed
* ``pyoombpf_failsafes_total{why}``: OOMs handed to the kernel's OOM killer (``declined``/``error``/
  ``no-memcg``/``deadline``), every ``why`` present from the start
* ``pyoombpf_kernel_ooms_total{cgroup}``: cgroup v2: the kernel's OOM killer acted before the policy
* ``pyoombpf_verdicts_total{verdict}``: policy runs by verdict (``killed``/``passed``/``error``)
* ``pyoombpf_decision_seconds``: histogram, from the relay's ``oom`` report to its ``verdict``: the policy's
  ``BPF_PROG_RUN`` plus the relay's work around it (context, configured map entries, kill records)
* ``pyoombpf_free_seconds``: histogram, from the kill to the end of the OOM (``freed``)
* ``pyoombpf_warnings_total``; ``pyoombpf_policy_info{policy,mode,abi}`` = 1; ``pyoombpf_start_time_seconds``;
  ``pyoombpf_watched_cgroups``; ``pyoombpf_map_entries{map}`` (configured entries whose cgroup exists)
* ``pyoombpf_policy_map_<MAP>{index}``: each integer ``ArrayMap`` of the policy, one sample per index
"""

from __future__ import annotations

import collections
import threading
from collections.abc import Callable, Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, disable_created_metrics, start_http_server
from prometheus_client.core import GaugeMetricFamily

from pyoombpf.bridge.events import Event
from pyoombpf.errors import PyoombpfError
from pyoombpf.service.config import parse_address

FAILSAFE_WHYS = ("declined", "error", "no-memcg", "deadline", "watchdog")
VERDICTS = ("killed", "passed", "error")
DECISION_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
FREE_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
_MAX_OPEN_OOMS = 1024  # oom events waiting for their verdict (bounded: an oom without one is forgotten)


class _PolicyMaps:
    """A collector: the policy's integer ``ArrayMap`` values, read from the kernel at scrape time."""

    def __init__(self) -> None:
        self.maps: dict[str, Any] = {}  # name → the policy's map (int keys and values)
        self.size: dict[str, int] = {}
        self._lock = threading.Lock()  # held while reading: detach() waits for a scrape in progress

    def attach(self, maps: dict[str, tuple[Any, int]]) -> None:
        with self._lock:
            self.maps = {n: m for n, (m, _) in maps.items()}
            self.size = {n: size for n, (_, size) in maps.items()}

    def detach(self) -> None:
        with self._lock:
            self.maps, self.size = {}, {}

    def collect(self) -> Iterator[Any]:
        with self._lock:
            families = list(self._read())
        yield from families

    def _read(self) -> Iterator[Any]:
        for name, bpf_map in self.maps.items():
            family = GaugeMetricFamily(
                f"pyoombpf_policy_map_{name}", f"the policy's ArrayMap {name!r}, read at scrape time", labels=["index"]
            )
            for i in range(self.size[name]):
                try:
                    value = bpf_map.get(i, 0)
                except PyoombpfError:
                    continue
                family.add_metric([str(i)], float(value))
            yield family


class Metrics:
    """The metrics of one ``pyoombpf run``.  :meth:`serve` starts the HTTP server; :meth:`on_event` is the relay's
    event sink; :meth:`close` stops serving."""

    def __init__(self) -> None:
        disable_created_metrics()  # no *_created series: this process has one set of metrics, made at its start
        self._pending: collections.deque[Event] = collections.deque()
        self._lock = threading.Lock()
        self._open: dict[int, float] = {}
        self._policy = ""
        self._entries: dict[str, set[str]] = {}
        self.registry = _DrainingRegistry(self)
        r = self.registry
        self.ooms = Counter("pyoombpf_ooms", "OOMs the relay handled", ["cgroup"], registry=r)
        self.kills = Counter(
            "pyoombpf_kills", "processes the policy killed", ["cgroup", "policy", "reason"], registry=r
        )
        self.failsafes = Counter("pyoombpf_failsafes", "OOMs handed to the kernel's OOM killer", ["why"], registry=r)
        self.kernel_ooms = Counter(
            "pyoombpf_kernel_ooms", "cgroup v2: the kernel's OOM killer acted first", ["cgroup"], registry=r
        )
        self.verdicts = Counter("pyoombpf_verdicts", "policy runs by verdict", ["verdict"], registry=r)
        self.warnings = Counter("pyoombpf_warnings", "warnings the relay reported", registry=r)
        self.decision = Histogram(
            "pyoombpf_decision_seconds",
            "from the relay's oom report to the policy's verdict (BPF run + relay)",
            buckets=DECISION_BUCKETS,
            registry=r,
        )
        self.free = Histogram(
            "pyoombpf_free_seconds", "from the policy's kill to the end of the OOM", buckets=FREE_BUCKETS, registry=r
        )
        self.info = Gauge("pyoombpf_policy_info", "the running policy", ["policy", "mode", "abi"], registry=r)
        self.start_time = Gauge("pyoombpf_start_time_seconds", "when the relay started (Unix time)", registry=r)
        self.watched = Gauge("pyoombpf_watched_cgroups", "memory cgroups the relay watches", registry=r)
        self.map_entries = Gauge(
            "pyoombpf_map_entries", "configured map entries whose cgroup exists", ["map"], registry=r
        )
        for why in FAILSAFE_WHYS:
            self.failsafes.labels(why=why)
        for verdict in VERDICTS:
            self.verdicts.labels(verdict=verdict)
        self.policy_maps = _PolicyMaps()
        r.register(self.policy_maps)
        self._server: Any = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ the OOM path
    def on_event(self, event: Event) -> None:
        """The relay's sink: one deque append, nothing else (see the module docstring)."""
        self._pending.append(event)

    # ------------------------------------------------------------------ the metrics thread
    def drain(self) -> None:
        """Turn the pending events into metric updates (metrics or housekeeping thread)."""
        with self._lock:
            while self._pending:
                event = self._pending.popleft()
                handler = self._HANDLERS.get(event.kind)
                if handler is not None:
                    handler(self, event)

    def _start(self, e: Event) -> None:
        self._policy = e.get("policy") or ""
        self.watched.set(e.get("memcgs") or 0)
        self.start_time.set(e.time)

    def set_info(self, policy: str, mode: str, abi: str) -> None:
        self.info.labels(policy=policy, mode=mode, abi=abi).set(1)

    def _oom(self, e: Event) -> None:
        cgroup = e.get("memcg", "")
        self.ooms.labels(cgroup=cgroup).inc()
        if e.get("trigger") == "oom":
            self.kernel_ooms.labels(cgroup=cgroup).inc()
            return
        if len(self._open) >= _MAX_OPEN_OOMS:
            self._open.pop(next(iter(self._open)))
        self._open[e.get("seq", 0)] = e.time

    def _verdict(self, e: Event) -> None:
        self.verdicts.labels(verdict=e.get("verdict", "error")).inc()
        began = self._open.pop(e.get("seq", 0), None)
        if began is not None:
            self.decision.observe(max(0.0, e.time - began))
        elif e.get("decide_ms") is not None:
            self.decision.observe(e["decide_ms"] / 1000)

    def _kill(self, e: Event) -> None:
        self.kills.labels(cgroup=e.get("cgroup", ""), policy=self._policy, reason=e.get("reason", "")).inc()

    def _freed(self, e: Event) -> None:
        if e.get("by") == "policy":
            self.free.observe(e.get("after_ms", 0.0) / 1000)

    def _failsafe(self, e: Event) -> None:
        self.failsafes.labels(why=e.get("why", "error")).inc()

    def _warning(self, e: Event) -> None:
        self.warnings.inc()

    def _resolved(self, e: Event) -> None:
        present = self._entries.setdefault(e["map"], set())
        if e.get("cgroup_id") is None:
            present.discard(e["cgroup"])
        else:
            present.add(e["cgroup"])
        self.map_entries.labels(map=e["map"]).set(len(present))

    _HANDLERS: dict[str, Callable[[Metrics, Event], None]] = {
        "start": _start,
        "oom": _oom,
        "verdict": _verdict,
        "kill": _kill,
        "freed": _freed,
        "failsafe": _failsafe,
        "warning": _warning,
        "resolved": _resolved,
    }

    def export_maps(self, maps: dict[str, tuple[Any, int]]) -> None:
        """Export these maps (name → (the policy's map, number of entries)) as ``pyoombpf_policy_map_<name>``; an
        empty dict stops reading them (before the policy is unloaded)."""
        if maps:
            self.policy_maps.attach(maps)
        else:
            self.policy_maps.detach()

    # ------------------------------------------------------------------ serving
    def serve(self, address: str) -> tuple[str, int]:
        """Serve ``/metrics`` on ``address`` ("HOST:PORT") from a daemon thread; returns the bound (host, port)
        (port 0 picks a free one)."""
        host, port = parse_address(address)
        try:
            self._server, self._thread = start_http_server(port, host, registry=self.registry)
        except OSError as exc:
            raise PyoombpfError(f"pyoombpf: error: cannot serve metrics on {address}: {exc.strerror}") from None
        bound = self._server.server_address
        return bound[0], bound[1]

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None


class _DrainingRegistry(CollectorRegistry):
    """A registry that applies the pending events before every collection (a scrape sees every event reported
    before it started)."""

    def __init__(self, metrics: Metrics) -> None:
        super().__init__(auto_describe=True)
        self._metrics = metrics

    def collect(self) -> Iterator[Any]:
        self._metrics.drain()
        yield from super().collect()
