"""``pyoombpf run --config FILE`` on real OOMs in throwaway v1 memcgs: the kill in ``/metrics`` at once,
preferences set by cgroup path steering the decision (also for a cgroup created after the start), and the
configured entries following their cgroups — run with exactly the capabilities of the systemd unit."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pyoombpf.service import install
from pyoombpf.service.config import BoundEntry
from pyoombpf.service.maps import CgroupMaps
from tests.bridge.v1 import REPO, V1Tree, assert_one_kill, stream_lines
from tests.service.test_outputs import free_port, scrape
from tests.waits import wait_until

pytestmark = pytest.mark.kernel


def unit_capabilities() -> list[str]:
    """``setpriv`` with the systemd unit's capability set and nothing else (root keeps only those)."""
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv (util-linux) is missing: cannot run the relay with the unit's capabilities only")
    caps = ",".join("+" + c.removeprefix("CAP_").lower() for c in install.CAPABILITIES)
    return [setpriv, f"--bounding-set=-all,{caps}", "--inh-caps=-all", "--"]


def start_relay(
    config: Path, prefix: list[str] | None = None, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    cmd = [*(prefix or []), sys.executable, "-I", "-m", "pyoombpf.cli", "run", "--config", str(config)]
    return subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})


def next_event(lines: Iterator[str], kind: str, seen: list[dict[str, Any]], **match: Any) -> dict[str, Any]:
    for line in lines:
        event = json.loads(line)
        seen.append(event)
        if event["event"] == kind and all(event.get(k) == v for k, v in match.items()):
            return event
    raise AssertionError(f"the relay ended before a {kind!r} event {match}: {seen}")


def stop(run: subprocess.Popen[str], lines: Iterator[str], seen: list[dict[str, Any]]) -> dict[str, Any]:
    run.send_signal(signal.SIGTERM)
    event = next_event(lines, "stop", seen)
    assert run.wait(timeout=30) == 0
    return event


def test_a_real_oom_shows_in_metrics_at_once_and_path_preferences_steer_it(tree: V1Tree, tmp_path: Path) -> None:
    """big OMIT, medium AVOID, alloc OMIT, and late OMIT — late created only after the relay started, and the
    largest leaf the policy could otherwise pick.  The OOM must take small."""
    t = tree
    t.limit(t.root, 256)
    t.make("workload", limit_mb=208)  # with each python process's own few MiB: the allocation below OOMs once
    for leaf in ("big", "medium", "small", "alloc"):
        t.make(f"workload/{leaf}")
    big, medium, small = t.spawn("workload/big", 60), t.spawn("workload/medium", 30), t.spawn("workload/small", 30)
    rel, port = os.path.basename(t.root), free_port()
    config = tmp_path / "pyoombpf.toml"
    config.write_text(
        f'policy = "{REPO}/examples/oomd_like.py"\ncgroup = "{rel}"\nmetrics = "127.0.0.1:{port}"\nlog = "json"\n'
        f'[maps.prefs]\n"{rel}/workload/big" = {{ mode = "OMIT" }}\n"{rel}/workload/medium" = {{ mode = "AVOID" }}\n'
        f'"{rel}/workload/alloc" = {{ mode = "OMIT" }}\n"{rel}/workload/late" = {{ mode = "OMIT" }}\n'
    )
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(str(tmp_path / "notify"))
    notify.settimeout(60)
    run = start_relay(config, unit_capabilities(), {"NOTIFY_SOCKET": str(tmp_path / "notify")})
    seen: list[dict[str, Any]] = []
    try:
        assert run.stdout is not None
        lines = stream_lines(run.stdout)
        start = next_event(lines, "start", seen)
        ready = notify.recv(4096).decode()  # sd_notify, as systemd's Type=notify expects
        assert ready.startswith("READY=1\n") and f"MAINPID={start['pid']}" in ready
        with open(f"/proc/{start['pid']}/maps") as f:
            assert "llvmlite" not in f.read()  # the relay (metrics, journal, configuration) never maps LLVM
        late_dir = t.make("workload/late")  # after the start: only the relay's re-resolution can cover it
        late = t.spawn("workload/late", 45)
        alloc = t.spawn("workload/alloc", 25, wait=False)
        kill = next_event(lines, "kill", seen)
        reported = time.monotonic()
        metrics = scrape(port)  # the first scrape after the kill was reported
        print(f"kill reported -> /metrics answered in {time.monotonic() - reported:.3f} s")
        assert alloc.wait_done()
        stopped = stop(run, lines, seen)
    finally:
        notify.close()
        if run.poll() is None:
            run.kill()
        run.wait()
    assert (kill["pid"], kill["cgroup"]) == (small.pid, t.path("workload/small")), seen
    refused = [e["message"] for e in seen if e["event"] == "warning" and "CAP_SYS_RESOURCE" not in e["message"]]
    assert not refused, refused  # the unit's capabilities cover mlockall and the real-time priority
    assert small.killed() and big.alive() and medium.alive() and late.alive(), "\n".join(json.dumps(e) for e in seen)
    resolved = {e["cgroup"]: e["cgroup_id"] for e in seen if e["event"] == "resolved"}
    assert resolved[late_dir] == os.stat(late_dir).st_ino
    assert len(resolved) == 4
    assert_one_kill(
        [e for e in seen if e["event"] != "resolved"]
    )  # one OOM (seen again while its victim exited, perhaps), one kill
    ooms = [e for e in seen if e["event"] == "oom"]
    assert 1 <= metrics[f'pyoombpf_ooms_total{{cgroup="{t.path("workload")}"}}'] <= len(ooms)
    kills = f'pyoombpf_kills_total{{cgroup="{t.path("workload/small")}",policy="oomd_like",reason="oomd_like policy"}}'
    assert metrics[kills] == 1
    assert metrics["pyoombpf_decision_seconds_count"] == 1 and metrics["pyoombpf_decision_seconds_sum"] > 0
    assert metrics['pyoombpf_verdicts_total{verdict="killed"}'] == 1
    assert metrics['pyoombpf_failsafes_total{why="deadline"}'] == 0
    assert metrics['pyoombpf_policy_info{abi="cgroup-v1",mode="bridge",policy="oomd_like"}'] == 1
    assert metrics['pyoombpf_policy_map_decisions{index="4"}'] == 1  # the policy's own KILLS counter
    assert metrics['pyoombpf_map_entries{map="prefs"}'] == 4
    assert (stopped["kills"], stopped["failsafes"]) == (1, 0)
    assert wait_until(lambda: set(t.disable_values().values()) == {0}), {
        k: v for k, v in t.disable_values().items() if v
    }


class DictMap(dict[int, Any]):
    """Stands in for a BPF map: the same item protocol."""


def test_configured_entries_follow_their_cgroups(tree: V1Tree) -> None:
    """Created later, removed, created again (a new id): the entry moves; the old id's entry goes; a value the
    policy changed is not overwritten while the cgroup stays."""
    t = tree
    events: list[tuple[str, dict[str, Any]]] = []
    prefs = DictMap()
    entries = [BoundEntry("prefs", f"{os.path.basename(t.root)}/a", "A", 3)]
    maps = CgroupMaps(
        entries, os.path.dirname(t.root), {"prefs": prefs}.__getitem__, lambda k, **f: events.append((k, f)), "x"
    )
    assert maps.refresh() == 0 and prefs == {}
    first = t.make("a")
    first_id = os.stat(first).st_ino
    assert maps.refresh() == 1 and prefs == {first_id: "A"}
    prefs[first_id] = "changed by the policy"
    assert maps.refresh() == 0 and prefs == {first_id: "changed by the policy"}
    os.rmdir(first)
    assert maps.refresh() == 1 and prefs == {}
    os.mkdir(first)
    second_id = os.stat(first).st_ino
    assert second_id != first_id
    assert maps.refresh() == 1 and prefs == {second_id: "A"}
    assert [(k, f["cgroup_id"], f["previous_id"]) for k, f in events] == [
        ("resolved", first_id, None),
        ("resolved", None, first_id),
        ("resolved", second_id, None),
    ]


def test_an_entry_outside_the_hierarchy_is_a_located_error(tree: V1Tree) -> None:
    from pyoombpf.service.config import ConfigError

    entries = [BoundEntry("prefs", "/sys/fs/cgroup/unified/x", 1, 7)]
    with pytest.raises(
        ConfigError, match=r"cfg.toml:7: error: maps.prefs: cgroup path '/sys/fs/cgroup/unified/x' is not"
    ):
        CgroupMaps(entries, tree.root, {}.__getitem__, lambda k, **f: None, "cfg.toml")


def test_entries_are_resolved_right_before_the_decision(tree: V1Tree) -> None:
    """Nothing refreshes the entries here but ``BridgePolicy.before_decision``: a cgroup created after the last
    refresh, and the largest candidate, is still OMIT when the OOM is decided."""
    import pyoombpf
    from pyoombpf.bridge.events import Event
    from pyoombpf.bridge.policy import BridgePolicy
    from pyoombpf.files import import_file
    from pyoombpf.service.config import bind_maps, loads
    from tests.bridge.v1 import drive

    mod = import_file(REPO / "examples" / "oomd_like.py")
    compiled = pyoombpf.compile(mod.oomd_like, mode="bridge")
    t = tree
    t.limit(t.root, 256)
    t.make("workload", limit_mb=160)
    for leaf in ("small", "alloc"):
        t.make(f"workload/{leaf}")
    small = t.spawn("workload/small", 30)
    rel = os.path.basename(t.root)
    cfg = loads(
        f'[maps.prefs]\n"{rel}/workload/late" = {{ mode = "OMIT" }}\n"{rel}/workload/alloc" = {{ mode = "OMIT" }}\n'
    )
    entries = bind_maps(cfg, compiled.spec.maps, compiled.spec.constants)
    events: list[Event] = []
    with BridgePolicy(compiled, t.root, on_event=events.append, lock_memory=False) as policy:
        maps = CgroupMaps(entries, os.path.dirname(t.root), policy.map, lambda k, **f: None, "cfg")
        assert maps.refresh() == 1  # alloc only: late does not exist yet
        policy.before_decision = maps.refresh
        t.make("workload/late")
        late = t.spawn("workload/late", 60)
        alloc = t.spawn("workload/alloc", 60, wait=False)
        assert drive(policy, alloc.finished), [e.to_json() for e in events]
        assert maps.resolved()[t.path("workload/late")] == os.stat(t.path("workload/late")).st_ino
    assert small.killed() and late.alive()
