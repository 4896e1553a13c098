"""Bridge mode: a policy compiled to a SYSCALL program, run in the kernel by a relay on OOM events.

``run_policy(fn, cgroup, mode="auto")`` / :class:`BridgePolicy` (docs/bridge.md).  The names are imported on
first use, so ``python -m pyoombpf.bridge.watchdog`` stays light.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from pyoombpf.bridge.decider import Decision, ProgramDecider
    from pyoombpf.bridge.events import Event
    from pyoombpf.bridge.policy import BridgePolicy, StructOpsRun, choose_mode, open_relay, run_policy
    from pyoombpf.bridge.relay import Relay
    from pyoombpf.bridge.relay_v2 import RelayV2

_WHERE = {
    "BridgePolicy": "policy",
    "StructOpsRun": "policy",
    "choose_mode": "policy",
    "run_policy": "policy",
    "Relay": "relay",
    "RelayV2": "relay_v2",
    "open_relay": "policy",
    "Event": "events",
    "Decision": "decider",
    "ProgramDecider": "decider",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(f"pyoombpf.bridge.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'pyoombpf.bridge' has no attribute {name!r}")


__all__ = [
    "BridgePolicy",
    "Decision",
    "Event",
    "ProgramDecider",
    "Relay",
    "RelayV2",
    "open_relay",
    "StructOpsRun",
    "choose_mode",
    "run_policy",
]
