"""``pyoombpf run --policy-lib systemd_oomd`` on real v1 memcgs with real OOMs: a cgroup carrying
``user.oomd_omit`` is never chosen, one carrying ``user.oomd_avoid`` only when nothing else qualifies — with the
xattrs set before the relay started and after it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from pyoombpf.bridge.memcg_v1 import v1_memory_root
from pyoombpf.service.xattrs import AVOID_XATTR, OMIT_XATTR
from tests.bridge.v1 import MB, REPO, read, stream_lines
from tests.policy.natural.real import ALLOC_MB, HEADROOM_MB, P, RealOom

pytestmark = [
    pytest.mark.kernel,
    pytest.mark.skipif(v1_memory_root() is None, reason="no cgroup v1 memory hierarchy (real OOMs are paused there)"),
]

TREE = {"big": [P(70)], "mid": [P(50)], "small": [P(48)]}


def next_event(lines: Iterator[str], kind: str, seen: list[dict[str, Any]]) -> dict[str, Any]:
    for line in lines:
        event = json.loads(line)
        seen.append(event)
        if event["event"] == kind:
            return event
    raise AssertionError(f"pyoombpf run ended before a {kind!r} event: {seen}")


def run_oom(
    before: dict[str, str],
    after: dict[str, str],
    tree: dict[str, list[P]] = TREE,
    args: tuple[str, ...] = ("--policy-lib", "systemd_oomd"),
) -> tuple[RealOom, list[dict[str, Any]]]:
    """Set the ``before`` xattrs (leaf -> xattr), start ``pyoombpf run ARGS`` on the tree (the library's
    systemd_oomd by default), set the ``after`` xattrs, and drive the tree into a real OOM; the kill events (the
    world is still open)."""
    world = RealOom(tree)
    cmd = [sys.executable, "-m", "pyoombpf.cli", "run", *args, "--cgroup", world.root]
    run = subprocess.Popen([*cmd, "--json"], cwd=REPO, stdout=subprocess.PIPE, text=True)
    seen: list[dict[str, Any]] = []
    try:
        for leaf, xattr in before.items():
            os.setxattr(world.tree.path(leaf), xattr, b"1")
        assert run.stdout is not None
        lines = stream_lines(run.stdout, timeout=120)
        next_event(lines, "start", seen)
        for leaf, xattr in after.items():
            os.setxattr(world.tree.path(leaf), xattr, b"1")
        usage = int(read(os.path.join(world.root, "memory.usage_in_bytes")))
        world.tree.limit(world.root, (usage + HEADROOM_MB * MB + MB - 1) // MB)
        world.alloc = world.tree.spawn("alloc", ALLOC_MB, wait=False)
        kills = [next_event(lines, "kill", seen)]
        next_event(lines, "freed", seen)
        run.send_signal(signal.SIGINT)
        next_event(lines, "stop", seen)
        assert run.wait(timeout=60) == 0
        kills += [e for e in seen if e["event"] == "kill" and e not in kills]
        return world, kills
    except BaseException:
        world.close()
        raise
    finally:
        if run.poll() is None:
            run.kill()
        run.wait()


def test_omit_never_and_avoid_last_with_xattrs_set_before_and_after_the_start() -> None:
    world, kills = run_oom({"big": OMIT_XATTR}, {"mid": AVOID_XATTR, "alloc": OMIT_XATTR})
    with world:
        victim = world.procs["small"][0]
        assert [(k["pid"], k["cgroup"]) for k in kills] == [(victim.pid, world.tree.path("small"))]
        assert victim.killed()
        assert world.procs["big"][0].alive() and world.procs["mid"][0].alive()
        assert world.alloc is not None and world.alloc.wait_done(timeout=60)


def test_avoid_is_chosen_when_nothing_else_qualifies() -> None:
    world, kills = run_oom({"big": OMIT_XATTR, "alloc": OMIT_XATTR}, {"mid": AVOID_XATTR, "small": OMIT_XATTR})
    with world:
        victim = world.procs["mid"][0]
        assert [(k["pid"], k["cgroup"]) for k in kills] == [(victim.pid, world.tree.path("mid"))]
        assert victim.killed()
        assert world.procs["big"][0].alive() and world.procs["small"][0].alive()
        assert world.alloc is not None and world.alloc.wait_done(timeout=60)


def test_earlyoom_like_names_from_the_configuration(tmp_path: Any) -> None:
    """``[names]`` in the configuration fills earlyoom_like's names map: the preferred name dies although another
    process is larger, the omitted name never."""
    config = tmp_path / "svc.toml"
    config.write_text('policy = "lib:earlyoom_like"\n\n[names]\n"victim*" = "PREFER"\n"bigproc" = "OMIT"\n')
    tree = {"big": [P(70, comm="bigproc")], "mid": [P(50, comm="midproc")], "small": [P(48, comm="victim-x")]}
    world, kills = run_oom({"alloc": OMIT_XATTR}, {}, tree, ("--config", str(config)))
    with world:
        victim = world.procs["small"][0]
        assert [(k["pid"], k["comm"]) for k in kills] == [(victim.pid, "victim-x")]
        assert victim.killed()
        assert world.procs["big"][0].alive() and world.procs["mid"][0].alive()
        assert world.alloc is not None and world.alloc.wait_done(timeout=60)
