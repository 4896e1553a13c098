"""The Python API of bridge mode: a compiled policy loaded and driven by a relay, and the mode chooser.

```python
from pyoombpf.bridge import run_policy

with run_policy(largest_leaf, cgroup="/sys/fs/cgroup/memory/workload", on_event=print) as policy:
    policy.map("prefs")[cgroup_id] = Pref(mode=OMIT)     # the policy's maps, typed as declared
    policy.run()                                         # until SIGINT / SIGTERM / policy.stop()
```
"""

from __future__ import annotations

import signal

from pyoombpf.bridge.abi import MAX_RELEASE_SITES, STATUS_NO_MEMCG
from pyoombpf.bridge.decider import ProgramDecider
from pyoombpf.bridge.events import Event
from pyoombpf.bridge.loader import DEFAULT_LOAD_TIMEOUT_S, load_in_child
from pyoombpf.bridge.loop import DEFAULT_DEADLINE_MS, install_stop_handlers
from pyoombpf.errors import KernelError, NotSupportedError, PrivilegeError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from types import TracebackType
    from typing import Any

    from pyoombpf.bridge.abi import BridgeContext
    from pyoombpf.bridge.counters import CountersSnapshot
    from pyoombpf.bridge.decider import Decider, Decision
    from pyoombpf.bridge.events import EventSink
    from pyoombpf.bridge.relay import Relay
    from pyoombpf.bridge.relay_v2 import RelayV2
    from pyoombpf.bridge.release import DropDir

MODES = ("auto", "bridge", "struct_ops")
__all__ = ["DEFAULT_LOAD_TIMEOUT_S", "BridgePolicy", "StructOpsRun", "check_privileges", "choose_mode", "run_policy"]


def check_privileges() -> None:
    """Refuse, in one line, to go on without the privileges running a policy needs (before anything is started)."""
    from pyoombpf.runtime.privileges import privilege_problem

    problem = privilege_problem()
    if problem is not None:
        raise PrivilegeError(f"running a policy: {problem}")


def memory_on_v2() -> bool:
    """Whether the memory controller is on the cgroup v2 hierarchy (else v1, or nowhere)."""
    from pyoombpf.bridge.memcg_v1 import v1_memory_root

    return v1_memory_root() is None


def open_relay(
    cgroup: str | None,
    decider: Decider,
    *,
    v2_options: dict[str, Any] | None = None,
    can_freeze: bool = False,
    **common: Any,
) -> Relay | RelayV2:
    """The relay for where the memory controller is: :class:`Relay` on cgroup v1 (pauses OOMs), :class:`RelayV2`
    on cgroup v2 (acts on limit and pressure events before the kernel's OOM killer).  ``v2_options``
    (``psi``, ``cooldown_ms``, ``triggers``) only exist on v2.  ``can_freeze``: the policy can freeze cgroups,
    so the v2 relay starts with a watchdog (the v1 relay always has one)."""
    if memory_on_v2():
        from pyoombpf.bridge.relay_v2 import RelayV2

        return RelayV2(cgroup, decider, **common, **(v2_options or {}), can_freeze=can_freeze)
    if v2_options:
        raise NotSupportedError(
            f"the relay options {', '.join(sorted(v2_options))}",
            "they configure the cgroup v2 relay, and the memory controller is on cgroup v1 here",
            "drop them: the v1 relay pauses each OOM instead of watching limits and pressure",
        )
    from pyoombpf.bridge.relay import Relay

    return Relay(cgroup, decider, **common)


class BridgePolicy:
    """A policy compiled with ``mode="bridge"``, loaded, and run by a :class:`Relay` on every OOM in the
    memcg subtree at ``cgroup``.  A context manager: closing restores every setting and unloads the program.

    The object is loaded by a helper process (:mod:`pyoombpf.bridge.loader`) that hands back the program's and
    the maps' fds: this process then maps neither cffi nor libbpf."""

    def __init__(
        self,
        compiled: Any,
        cgroup: str | None = None,
        *,
        deadline_ms: float = DEFAULT_DEADLINE_MS,
        on_event: EventSink | None = None,
        lock_memory: bool = True,
        v2_options: dict[str, Any] | None = None,
        load_timeout_s: float = DEFAULT_LOAD_TIMEOUT_S,
        reap: bool = True,
        realtime: bool | None = None,
        release: dict[str, DropDir] | None = None,
    ) -> None:
        if getattr(compiled, "kind", None) != "bridge":
            raise TypeError(
                f"{compiled.name} compiled to a {compiled.kind} program; compile it with mode='bridge' "
                "(or pass the policy function to pyoombpf.bridge.run_policy)"
            )
        self.compiled = compiled
        releases = list(getattr(compiled, "releases", []))
        from pyoombpf.bridge.release import check_tags

        check_tags(releases, release or {})  # before anything is loaded or changed
        # before the relay changes anything: a verifier error leaves the system as it was
        self._obj = load_in_child(compiled.elf, compiled.name, load_timeout_s, on_event)
        try:
            program = ProgramDecider(self._obj, compiled.symbol)
            decider = self._hooked(program)
            self.relay = open_relay(
                cgroup,
                decider,
                deadline_ms=deadline_ms,
                on_event=on_event,
                kill_reasons=list(getattr(compiled, "kill_reasons", [])),
                policy_name=compiled.name,
                lock_memory=lock_memory,
                v2_options=v2_options,
                reap=reap,
                realtime=realtime,
                can_freeze=any(r and r[0] == "freeze" for r in releases),
            )
            self._probe(program)
            self.relay.configure_release(releases, release or {}, getattr(self.relay, "root", ""))
        except BaseException:
            if hasattr(self, "relay"):
                self.relay.close("error")
            self._obj.close()
            raise

    def _probe(self, program: ProgramDecider) -> None:
        """Run the program once before the first OOM, on a memcg that does not exist: a program that cannot run
        fails here, not during an OOM, and the pages of the decision path are brought in (the relay locks what it
        touches, :func:`~pyoombpf.runtime.process.lock_memory`)."""
        ctx = self.relay.probe_context()
        ctx.tried = (1 << MAX_RELEASE_SITES) - 1  # every release call site is PASS: the policy goes on to oc.memcg
        decision = program(ctx)
        # a policy with release sites may pass without reading oc.memcg (``return oc.drop_files("tmp")``)
        looked = decision.ctx.status == STATUS_NO_MEMCG or (
            bool(getattr(self.compiled, "releases", [])) and decision.ctx.status == 0
        )
        if decision.retval != 0 or decision.ctx.nr_kills != 0 or decision.ctx.nr_actions != 0 or not looked:
            raise KernelError(
                f"policy {self.compiled.name!r} did not return at once for a memcg that does not exist (retval "
                f"{decision.retval}, status {decision.ctx.status}, {decision.ctx.nr_kills} kills): is it a "
                "bridge-mode object of this pyoombpf version?"
            )

    mode = "bridge"
    #: Called on the relay's thread right before each policy run (``pyoombpf run --config`` re-resolves the
    #: configured cgroup paths into map entries there, so the policy never sees a stale id).  It should not
    #: raise: an exception counts as a failed decision (verdict ``error``, then the failsafe).
    before_decision: Callable[[], None] | None = None

    def _hooked(self, decider: Decider) -> Decider:
        def decide(ctx: BridgeContext) -> Decision:
            hook = self.before_decision
            if hook is not None:
                hook()
            return decider(ctx)

        return decide

    def map(self, name: str) -> Any:
        """A map of the policy, keys and values typed as declared (ints, ``@record`` instances)."""
        key, value = self.compiled.map_codecs(name)
        return self._obj.map(name, key=key, value=value)

    @property
    def counters(self) -> CountersSnapshot:
        """The relay's per-cgroup counters (:mod:`pyoombpf.bridge.counters`)."""
        return self.relay.counters

    def run(self) -> None:
        """Handle OOMs until :meth:`stop`, SIGINT or SIGTERM; then close."""
        try:
            self.relay.run()
        finally:
            self.close()

    def run_once(self, timeout: float = 0.0) -> int:
        """Handle what is pending (waiting up to ``timeout`` s for it); returns the number of OOMs handled."""
        return self.relay.run_once(timeout)

    def stop(self, reason: str | None = None) -> None:
        self.relay.stop(reason)

    def close(self) -> None:
        self.relay.close()
        self._obj.close()

    def __enter__(self) -> BridgePolicy:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self.relay.close("exception" if et is not None else "closed")
        self._obj.close()


class StructOpsRun:
    """``run_policy`` in struct_ops mode: the kernel calls the policy itself; this only holds the attachment
    and reports start and stop."""

    mode = "struct_ops"

    def __init__(self, compiled: Any, cgroup: str | None, on_event: EventSink | None) -> None:
        from pyoombpf.modes.struct_ops import StructOpsPolicy

        self._on_event = on_event
        self._policy = StructOpsPolicy(compiled)
        try:
            self._link = self._policy.attach(cgroup)
        except BaseException:
            self._policy.close()
            raise
        import threading  # struct_ops mode has no relay to keep small

        self._stopped = threading.Event()
        self._closed = False
        self._reason = "closed"
        self._emit("start", mode="struct_ops", cgroup=cgroup or "/", policy=compiled.name, memcgs=0, deadline_ms=0)

    def _emit(self, kind: str, **fields: Any) -> None:
        if self._on_event is not None:
            self._on_event(Event(kind, fields))

    def map(self, name: str) -> Any:
        return self._policy.map(name)

    def run(self) -> None:
        handlers = install_stop_handlers(lambda *_: self._stopped.set())
        try:
            while not self._stopped.wait(1.0):
                if self._link.cgroup_removed:  # the kernel detached the handler: nothing is left to run
                    self._reason = "cgroup-removed"
                    break
        finally:
            for sig, old in handlers.items():
                signal.signal(sig, old)
            self.close()

    def run_once(self, timeout: float = 0.0) -> int:
        self._stopped.wait(timeout)
        return 0

    def stop(self, reason: str | None = None) -> None:
        self._stopped.set()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        # reported before the policy goes, as the relays do: a listener may still read its maps on ``stop``
        self._emit("stop", reason=self._reason, restored=0, ooms=0, kills=0, failsafes=0)
        self._policy.close()

    def __enter__(self) -> StructOpsRun:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def choose_mode(mode: str) -> str:
    """``auto`` → ``struct_ops`` when the kernel has ``bpf_oom_ops``, else ``bridge``."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}; got {mode!r}")
    if mode != "auto":
        return mode
    from pyoombpf.runtime.features import features

    return "struct_ops" if features().has_struct_ops("bpf_oom_ops") else "bridge"


def bridge_only(error: Exception) -> bool:
    """Whether a struct_ops compile failed only because the policy uses what bridge mode alone has
    (``oc.drop_files``, ``oc.freeze``, ``oc.reclaim`` without ``experimental=True``)."""
    text = str(error)
    return "is bridge-only" in text or "needs @oom_handler(experimental=True)" in text


def compile_for(policy: Any, chosen: str, *, auto: bool, compile_fn: Callable[..., Any]) -> tuple[Any, str]:
    """Compile ``policy`` for ``chosen``; with ``auto``, a policy that only bridge mode can run falls back to it
    (the kernel's bpf_oom_ops cannot delete files or freeze cgroups)."""
    from pyoombpf.errors import CompileError

    if chosen == "bridge":
        return compile_fn(policy, mode="bridge"), chosen
    try:
        return compile_fn(policy), chosen
    except CompileError as e:
        if not (auto and bridge_only(e)):
            raise
    return compile_fn(policy, mode="bridge"), "bridge"


def run_policy(
    policy: Any,
    cgroup: str | None = None,
    mode: str = "auto",
    *,
    deadline_ms: float = DEFAULT_DEADLINE_MS,
    on_event: EventSink | None = None,
    lock_memory: bool = True,
    v2_options: dict[str, Any] | None = None,
    load_timeout_s: float = DEFAULT_LOAD_TIMEOUT_S,
    reap: bool = True,
    realtime: bool | None = None,
    release: dict[str, DropDir] | None = None,
) -> BridgePolicy | StructOpsRun:
    """Load ``policy`` (an ``@oom_handler`` function, or a ``CompiledObject``) in ``mode`` and attach it to
    ``cgroup``.  Returns a context manager with ``map()``, ``run()``, ``run_once()``, ``stop()``, ``close()``."""
    check_privileges()
    chosen = choose_mode(mode)
    compiled = policy
    if not hasattr(policy, "elf"):
        from pyoombpf.compiler import compile as pcompile

        compiled, chosen = compile_for(policy, chosen, auto=mode == "auto", compile_fn=pcompile)
    if chosen == "struct_ops":
        if compiled.kind != "struct_ops":
            raise NotSupportedError(
                f"struct_ops mode for {compiled.name}",
                f"it was compiled as a {compiled.kind} object",
                "pass the policy function (or compile it without mode='bridge')",
            )
        from pyoombpf.modes.struct_ops import check_kernel

        check_kernel(compiled.abi)
        return StructOpsRun(compiled, cgroup, on_event)
    return BridgePolicy(
        compiled,
        cgroup,
        deadline_ms=deadline_ms,
        on_event=on_event,
        lock_memory=lock_memory,
        v2_options=v2_options,
        load_timeout_s=load_timeout_s,
        reap=reap,
        realtime=realtime,
        release=release,
    )
