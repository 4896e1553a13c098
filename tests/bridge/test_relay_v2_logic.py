"""The cgroup v2 relay's parts that run here (memory is on cgroup v1 on this machine; the relay itself is tested
inside the VM: tests/vm/test_bridge_relay_v2_vm.py): trigger choice, rate limit, PSI specs and triggers, the
relay chooser, the command line."""

from __future__ import annotations

import os
import select

import pytest

from pyoombpf.bridge.decider import Decision
from pyoombpf.bridge.memcg_v2 import SYSTEM_PRESSURE, PsiSpec, arm_psi, parse_events, v2_memory_root
from pyoombpf.bridge.policy import memory_on_v2, open_relay
from pyoombpf.bridge.relay_v2 import RelayV2
from pyoombpf.bridge.triggers import RateLimit, pick, related
from pyoombpf.cli_run import build_parser, v2_options
from pyoombpf.errors import NotSupportedError


def never_exiting(path: str) -> bool:
    return False


def test_pick_prefers_max_then_high_then_psi_and_goes_deepest_first() -> None:
    fired = {"/t": {"psi"}, "/t/a": {"psi", "high"}, "/t/b": {"max", "high", "psi"}, "/u": {"psi"}}
    assert pick(fired) == [("/t/a", "high"), ("/t/b", "max"), ("/u", "psi")]


def test_pick_keeps_a_psi_ancestor_only_without_a_fired_descendant_and_honours_enabled() -> None:
    assert pick({"/t": {"psi"}}) == [("/t", "psi")]
    assert pick({"/t": {"psi"}, "/t/a": {"high"}}, enabled=("psi",)) == [("/t", "psi")]
    assert pick({"/t": {"high"}, "/t/a": {"psi"}}) == [("/t/a", "psi"), ("/t", "high")]  # local counters stay
    assert pick({"/t": {"oom"}}) == []  # the kernel acted: reported, never a policy run


def test_related_is_ancestor_descendant_or_self_not_a_name_prefix() -> None:
    assert related("/t", "/t") and related("/t", "/t/a") and related("/t/a/b", "/t")
    assert not related("/t", "/tt") and not related("/t/a", "/t/b")


def test_rate_limit_one_decision_per_cgroup_line() -> None:
    limit = RateLimit(cooldown_s=1.0, psi_window_s=2.0)
    limit.decided("/t/a", now=10.0)
    assert limit.blocked("/t/a", "high", 10.5, never_exiting)
    assert limit.blocked("/t", "max", 10.5, never_exiting)  # the ancestor: same shortage
    assert limit.blocked("/t/a/x", "high", 10.5, never_exiting)
    assert not limit.blocked("/t/b", "high", 10.5, never_exiting)  # a sibling is its own line
    assert not limit.blocked("/t/a", "high", 11.0, never_exiting)
    assert limit.blocked("/t/a", "psi", 11.5, never_exiting)  # PSI looks back one window
    assert not limit.blocked("/t/a", "psi", 12.0, never_exiting)


def test_rate_limit_waits_for_an_exiting_victim_past_the_cooldown() -> None:
    limit = RateLimit(cooldown_s=0.1, psi_window_s=0.0)
    limit.decided("/t/a", now=0.0)
    assert limit.blocked("/t", "high", 5.0, lambda path: path == "/t/a")
    assert not limit.blocked("/t", "high", 5.0, never_exiting)


def test_psi_spec_parse_and_errors() -> None:
    assert PsiSpec.parse("full 100000 4000000") == PsiSpec("full", 100_000, 4_000_000)
    assert str(PsiSpec()) == "some 150000 2000000"
    for bad in ("some 1 2 3", "most 1 2", "some x 2", "some 3000 2000", "some 0 2000000"):
        with pytest.raises(ValueError):
            PsiSpec.parse(bad)


def test_parse_events() -> None:
    raw = b"low 0\nhigh 12\nmax 3\noom 1\noom_kill 1\noom_group_kill 0\n"
    assert parse_events(raw) == {"low": 0, "high": 12, "max": 3, "oom": 1, "oom_kill": 1, "oom_group_kill": 0}


def _cap_sys_resource() -> bool:
    with open("/proc/self/status") as f:
        return bool(int(next(line.split()[1] for line in f if line.startswith("CapEff:")), 16) & (1 << 24))


@pytest.mark.kernel
def test_psi_trigger_on_the_system_pressure_file_arms_and_a_1s_window_is_refused_without_cap() -> None:
    if not os.path.exists(SYSTEM_PRESSURE):
        pytest.skip("the kernel has no PSI (/proc/pressure/memory)")
    fd = arm_psi(SYSTEM_PRESSURE, PsiSpec("some", 150_000, 2_000_000))
    try:
        poller = select.poll()
        poller.register(fd, select.POLLPRI)
        assert all(ev & select.POLLPRI for _fd, ev in poller.poll(0))  # armed; an event only if memory stalled
    finally:
        os.close(fd)
    if _cap_sys_resource():
        os.close(arm_psi(SYSTEM_PRESSURE, PsiSpec("some", 100_000, 1_000_000)))
    else:
        with pytest.raises(NotSupportedError, match="multiple of 2 s"):
            arm_psi(SYSTEM_PRESSURE, PsiSpec("some", 100_000, 1_000_000))


def decline(ctx: object) -> Decision:
    raise AssertionError("never run")


def test_the_relay_chooser_follows_the_memory_controller() -> None:
    assert memory_on_v2() == (v2_memory_root() is not None)
    if memory_on_v2():
        pytest.skip("memory is on cgroup v2 here: the VM tests cover the v2 relay")
    with pytest.raises(NotSupportedError, match="memory controller is not on the cgroup v2"):
        RelayV2("x", decline)
    with pytest.raises(NotSupportedError, match="psi"):
        open_relay("x", decline, v2_options={"psi": "some 1 2000000"})
    with pytest.raises(NotSupportedError, match="root memory cgroup"):
        open_relay(None, decline)  # the v1 relay, which refuses the root


def test_unknown_triggers_are_refused_before_anything_is_touched() -> None:
    with pytest.raises(ValueError, match="unknown triggers"):
        RelayV2(None, decline, triggers=("max", "pressure"))


def test_cli_v2_options() -> None:
    args = build_parser().parse_args(["p.py", "--triggers", "high, psi", "--psi", "full 1 2000000"])
    assert v2_options(args) == {"triggers": ("high", "psi"), "psi": "full 1 2000000"}
    assert v2_options(build_parser().parse_args(["p.py"])) is None
