"""A relay in its own process for the tests that kill it: ``python -m tests.bridge.relay_child CGROUP``.

Its decider never returns (the relay is stuck in the middle of an OOM); events go to stdout as JSON lines.
"""

from __future__ import annotations

import sys
import time

from pyoombpf.bridge.abi import BridgeContext
from pyoombpf.bridge.decider import Decision
from pyoombpf.bridge.events import Event
from pyoombpf.bridge.relay import Relay


def stuck(ctx: BridgeContext) -> Decision:
    time.sleep(3600)
    return Decision(0, ctx)


def show(event: Event) -> None:
    print(event.to_json(), flush=True)


if __name__ == "__main__":
    with Relay(sys.argv[1], stuck, on_event=show) as relay:  # lock_memory=True: mlockall as in production
        relay.run()
