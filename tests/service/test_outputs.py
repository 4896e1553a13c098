"""What ``pyoombpf run`` makes of the relay's events: Prometheus metrics, journal fields, sd_notify."""

from __future__ import annotations

import socket
import urllib.request
from pathlib import Path

import pytest

from pyoombpf.bridge.events import Event
from pyoombpf.service.journal import entry
from pyoombpf.service.metrics import Metrics
from pyoombpf.service.notify import notify


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def scrape(port: int) -> dict[str, float]:
    """``/metrics`` as {sample name with labels: value}."""
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, value = line.rsplit(" ", 1)
            out[name] = float(value)
    return out


ONE_OOM = [
    Event("start", {"policy": "oomd_like", "memcgs": 5, "mode": "bridge"}, time=100.0),
    Event("oom", {"seq": 1, "memcg": "/cg/w", "usage": 1 << 27, "limit": 1 << 27}, time=101.0),
    Event("verdict", {"seq": 1, "verdict": "killed", "decide_ms": 1.5}, time=101.004),
    Event("kill", {"seq": 1, "pid": 7, "comm": "x", "cgroup": "/cg/w/a", "reason": "oomd_like policy"}, time=101.004),
    Event("freed", {"seq": 1, "memcg": "/cg/w", "after_ms": 3.0, "by": "policy"}, time=101.007),
    Event("oom", {"seq": 2, "memcg": "/cg/w", "usage": 1 << 27, "limit": 1 << 27}, time=102.0),
    Event("verdict", {"seq": 2, "verdict": "passed", "decide_ms": 0.5}, time=102.002),
    Event(
        "failsafe",
        {"seq": 2, "memcg": "/cg/w", "why": "declined", "kernel_killed": True, "waited_ms": 1.0},
        time=102.01,
    ),
    Event("resolved", {"map": "prefs", "cgroup": "/cg/w/a", "cgroup_id": 9, "previous_id": None}),
]


def test_events_become_metrics_only_when_collected() -> None:
    """The relay's sink only queues: nothing Prometheus-side changes until a scrape (or the housekeeping) drains."""
    m = Metrics()
    port = free_port()
    for e in ONE_OOM:
        m.on_event(e)
    assert m.ooms.labels(cgroup="/cg/w")._value.get() == 0  # untouched on the relay's thread
    m.serve(f"127.0.0.1:{port}")
    try:
        got = scrape(port)
    finally:
        m.close()
    assert got['pyoombpf_ooms_total{cgroup="/cg/w"}'] == 2
    assert got['pyoombpf_kills_total{cgroup="/cg/w/a",policy="oomd_like",reason="oomd_like policy"}'] == 1
    assert got['pyoombpf_failsafes_total{why="declined"}'] == 1
    assert got['pyoombpf_failsafes_total{why="deadline"}'] == 0  # every why present from the start
    assert got['pyoombpf_verdicts_total{verdict="killed"}'] == 1
    assert got["pyoombpf_decision_seconds_count"] == 2
    assert got["pyoombpf_decision_seconds_sum"] == pytest.approx(0.006)  # oom report -> verdict, both OOMs
    assert got['pyoombpf_decision_seconds_bucket{le="0.005"}'] == 2
    assert got["pyoombpf_free_seconds_count"] == 1
    assert got["pyoombpf_start_time_seconds"] == 100.0
    assert got["pyoombpf_watched_cgroups"] == 5
    assert got['pyoombpf_map_entries{map="prefs"}'] == 1


def test_the_policys_array_maps_are_read_at_scrape_time() -> None:
    class FakeArray(dict[int, int]):
        pass

    decisions = FakeArray({0: 4, 4: 1})
    m = Metrics()
    m.set_info("oomd_like", "bridge", "cgroup-v1")
    m.export_maps({"decisions": (decisions, 8)})
    port = free_port()
    m.serve(f"127.0.0.1:{port}")
    try:
        first = scrape(port)
        decisions[4] = 2  # the policy counted another kill
        second = scrape(port)
    finally:
        m.close()
    assert (
        first['pyoombpf_policy_map_decisions{index="4"}'] == 1
        and second['pyoombpf_policy_map_decisions{index="4"}'] == 2
    )
    assert first['pyoombpf_policy_map_decisions{index="7"}'] == 0
    assert first['pyoombpf_policy_info{abi="cgroup-v1",mode="bridge",policy="oomd_like"}'] == 1


def test_a_busy_port_is_an_error_before_anything_starts() -> None:
    from pyoombpf.errors import PyoombpfError

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(PyoombpfError, match=f"cannot serve metrics on 127.0.0.1:{port}: Address already in use"):
            Metrics().serve(f"127.0.0.1:{port}")


def test_journal_fields_of_a_kill() -> None:
    kill = ONE_OOM[3]
    fields = entry(kill, "oomd_like")
    assert fields == {
        "MESSAGE": "oom #1: killed 7 (x) in /cg/w/a: oomd_like policy",
        "PRIORITY": "5",
        "SYSLOG_IDENTIFIER": "pyoombpf",
        "PYOOMBPF_EVENT": "kill",
        "POLICY": "oomd_like",
        "OOM_SEQ": "1",
        "VICTIM_PID": "7",
        "VICTIM_COMM": "x",
        "CGROUP": "/cg/w/a",
        "REASON": "oomd_like policy",
    }
    assert entry(ONE_OOM[7], "p")["PRIORITY"] == "4" and entry(ONE_OOM[7], "p")["WHY"] == "declined"
    assert entry(ONE_OOM[1], "p")["CGROUP"] == "/cg/w"  # an OOM's memcg is its CGROUP


def test_sd_notify_sends_to_the_socket_systemd_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = str(tmp_path / "notify")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind(path)
        monkeypatch.setenv("NOTIFY_SOCKET", path)
        assert notify("READY=1")
        assert sock.recv(100) == b"READY=1"
    monkeypatch.delenv("NOTIFY_SOCKET")
    assert not notify("READY=1")  # not under systemd: nothing to do
