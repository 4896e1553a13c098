"""A relay in its own process for the tests that stop or kill it:
``python -m tests.bridge.relay_child CGROUP [--sleep SECONDS] [--deadline-ms MS]``.

Its decider prints ``{"event": "deciding", "memcg_id": ...}``, sleeps ``--sleep`` seconds (default: an hour, i.e. the
relay is stuck in the middle of an OOM) and then declines; events go to stdout as JSON lines.  (The relay's own
``oom`` event comes only after the decision: nothing but the decision runs before the victims are reaped.)
"""

from __future__ import annotations

import argparse
import json
import time

from pyoombpf.bridge.abi import BridgeContext
from pyoombpf.bridge.decider import Decision
from pyoombpf.bridge.events import Event
from pyoombpf.bridge.relay import Relay


def show(event: Event) -> None:
    print(event.to_json(), flush=True)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("cgroup")
    p.add_argument("--sleep", type=float, default=3600.0)
    p.add_argument("--deadline-ms", type=float, default=250.0)
    args = p.parse_args()

    def slow(ctx: BridgeContext) -> Decision:
        print(json.dumps({"event": "deciding", "memcg_id": ctx.memcg_id}), flush=True)
        time.sleep(args.sleep)
        return Decision(0, ctx)

    # lock_memory=True: mlockall as in production
    with Relay(args.cgroup, slow, on_event=show, deadline_ms=args.deadline_ms, policy_name="slow") as relay:
        relay.run()


if __name__ == "__main__":
    main()
