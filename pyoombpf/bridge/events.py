"""What the relay reports: one :class:`Event` per thing that happened, as a JSON line or a short text line.

Kinds (see docs/bridge.md for every field): ``loading``, ``start``, ``oom``, ``verdict``, ``kill``, ``refused``,
``freed``, ``failsafe``, ``warning``, ``error``, ``stop``; ``pyoombpf run --config`` adds ``resolved`` (a configured
map entry follows its cgroup).  Text lines escape control characters in every string (a victim's ``comm`` or a
cgroup name cannot forge a line); JSON escapes them by itself.
"""

from __future__ import annotations

import json
import time

from pyoombpf.bridge.kmsg import escape
from pyoombpf.plain import Frozen

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

KINDS = (
    "loading",
    "start",
    "oom",
    "verdict",
    "kill",
    "refused",
    "freed",
    "failsafe",
    "warning",
    "error",
    "stop",
    "resolved",
    "preference",
)


class Event(Frozen):
    """One thing that happened: its kind, its fields, and when (Unix time, ``time.time()`` at creation unless
    given)."""

    __slots__ = _fields = ("kind", "fields", "time")
    kind: str
    fields: dict[str, Any]
    time: float

    def __init__(self, kind: str, fields: dict[str, Any] | None = None, time: float | None = None) -> None:
        self._set(kind=kind, fields={} if fields is None else fields, time=_now() if time is None else time)

    __hash__ = None  # type: ignore[assignment]  # holds a dict, like the dataclass it replaces

    def __getitem__(self, key: str) -> Any:
        return self.fields[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.fields.get(key, default)

    def to_dict(self) -> dict[str, Any]:
        return {"event": self.kind, "time": round(self.time, 6), **self.fields}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=False)

    def to_text(self) -> str:
        clean = {k: escape(v) if isinstance(v, str) else v for k, v in self.fields.items()}
        return f"pyoombpf: {_TEXT[self.kind](clean)}"


_now = time.time

if TYPE_CHECKING:
    EventSink = Callable[[Event], None]


def _mib(n: int) -> str:
    return f"{n / (1 << 20):.1f} MiB"


def _loading(f: dict[str, Any]) -> str:
    return (
        f"loading policy {f['policy']}: the kernel's verifier has been checking it for {f['elapsed_s']:.0f} s "
        f"(limit {f['limit_s']:g} s)"
    )


def _start(f: dict[str, Any]) -> str:
    return (
        f"{f['mode']} mode: policy {f['policy'] or '(none)'} on {f['cgroup']} "
        f"({f['memcgs']} memcgs, deadline {f['deadline_ms']:g} ms)"
    )


def _oom(f: dict[str, Any]) -> str:
    return f"oom #{f['seq']} in {f['memcg']} (usage {_mib(f['usage'])} of {_mib(f['limit'])})"


def _verdict(f: dict[str, Any]) -> str:
    extra = f": {f['error']}" if f.get("error") else ""
    took = f" in {f['decide_ms']:.2f} ms" if "decide_ms" in f else ""
    return f"oom #{f['seq']}: policy {f['verdict']} ({f['nr_kills']} killed){took}{extra}"


def _kill(f: dict[str, Any]) -> str:
    return f"oom #{f['seq']}: killed {f['pid']} ({f['comm']}) in {f['cgroup']}: {f['reason']}"


def _refused(f: dict[str, Any]) -> str:
    who = f"{f['pid']} ({f['comm']})" if f["pid"] else "the processes"
    return f"oom #{f['seq']}: refused to kill {who} in {f['cgroup']}: {f['why']} ({f['reason']})"


def _freed(f: dict[str, Any]) -> str:
    return f"oom #{f['seq']}: memory freed in {f['memcg']} after {f['after_ms']:.2f} ms"


def _release(f: dict[str, Any]) -> str:
    what = {"reclaim": "reclaim from", "drop_files": "drop files tagged", "freeze": "freeze"}.get(f["action"], "?")
    asked = f" (asked {_mib(f['asked'])})" if f.get("asked") else ""
    files = f", {f['files']} files deleted" if "files" in f else ""
    error = f": {f['error']}" if f.get("error") else ""
    return f"oom #{f['seq']}: {what} {f['target']}{asked}: freed {_mib(f['freed'])}{files}{error}"


def _thawed(f: dict[str, Any]) -> str:
    return f"frozen cgroup {f['cgroup']}: {f['outcome']}"


def _failsafe(f: dict[str, Any]) -> str:
    outcome = "the kernel killed" if f["kernel_killed"] else "no kernel kill seen"
    return f"oom #{f['seq']}: failsafe ({f['why']}): kernel OOM killer enabled on {f['memcg']}; {outcome}"


def _warning(f: dict[str, Any]) -> str:
    return f"warning: {f['message']}"


def _error(f: dict[str, Any]) -> str:
    return f"error: {f['message']}"


_STOP_WHY = {"cgroup-removed": "cgroup-removed: the cgroup it was attached to was removed"}


def _stop(f: dict[str, Any]) -> str:
    return (
        f"stopped ({_STOP_WHY.get(f['reason'], f['reason'])}): {f['ooms']} OOMs, {f['kills']} kills, "
        f"{f['failsafes']} failsafes; "
        f"{f['restored']} memcgs restored"
    )


def _resolved(f: dict[str, Any]) -> str:
    if f["cgroup_id"] is None:
        return f"map {f['map']}: {f['cgroup']} is gone; its entry (cgroup id {f['previous_id']}) is removed"
    return f"map {f['map']}: {f['cgroup']} is cgroup id {f['cgroup_id']}; its configured entry is set"


def _preference(f: dict[str, Any]) -> str:
    where = f"{f['cgroup']} (cgroup id {f['cgroup_id']})"
    if f["preference"] == "none":
        return f"map {f['map']}: {where} no longer carries {f['xattr']}; its entry is removed"
    return f"map {f['map']}: {where} carries {f['xattr']}: {f['preference'].upper()}"


_TEXT: dict[str, Callable[[dict[str, Any]], str]] = {  # type annotations are not evaluated: no typing import
    "loading": _loading,
    "start": _start,
    "oom": _oom,
    "verdict": _verdict,
    "kill": _kill,
    "refused": _refused,
    "freed": _freed,
    "release": _release,
    "thawed": _thawed,
    "failsafe": _failsafe,
    "warning": _warning,
    "error": _error,
    "stop": _stop,
    "resolved": _resolved,
    "preference": _preference,
}
