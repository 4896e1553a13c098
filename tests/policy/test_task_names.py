"""``task.comm_is(TEXT)`` / ``task.comm_startswith(TEXT)``: a task's name tested in every mode -- struct_ops and
bridge objects, the kernel (a SYSCALL program and a bridge program over real processes), the Python model and
simulate -- with the same answers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator

import pytest

import pyoombpf
from pyoombpf import PASS, OomControl, Verdict, i32, kfuncs, oom_handler, u64
from pyoombpf.pyexec.oommodel import MemcgModel, OomControlModel, TaskModel
from pyoombpf.simulate import simulate
from tests.waits import PATIENCE_S, readline_within

NAMES = {"sshd": 1, "sshd-session": 2, "ssh": 2, "python3": 0, "": 0}


def name_kind(pid: i32) -> u64:
    """1: exactly sshd; 2: starts with ssh; 0: anything else; 9: no such task."""
    task = kfuncs.bpf_task_from_pid(pid)
    if task is None:
        return 9
    kind: u64 = 0
    if task.comm_is("sshd"):
        kind = 1
    elif task.comm_startswith("ssh"):
        kind = 2
    kfuncs.bpf_task_release(task)
    return kind


@oom_handler(name="spare_ssh")
def spare_ssh(oc: OomControl) -> Verdict:
    """Kill the first process of the OOMing cgroup that is neither sshd nor named ssh*."""
    scope = oc.memcg
    if scope is None:
        return PASS
    for task in scope.tasks():
        if task.comm_is("sshd") or task.comm_startswith("ssh"):
            continue
        return oc.kill(task, "not an ssh process")
    return PASS


def test_both_modes_compile() -> None:
    for mode in ("struct_ops", "bridge"):
        assert pyoombpf.compile(spare_ssh, mode=mode).insn_count > 10, mode
    assert pyoombpf.compile(name_kind).insn_count > 10


@pytest.mark.parametrize(("comm", "kind"), list(NAMES.items()))
def test_python_model(comm: str, kind: int) -> None:
    from pyoombpf.pyexec.rules import KernelModel, PyEnv

    class Kernel(KernelModel):
        def bpf_task_from_pid(self, pid: int) -> TaskModel | None:
            return TaskModel(pid, comm.encode()) if pid == 7 else None

        def bpf_task_release(self, task: object) -> None:
            pass

    run = pyoombpf.compile(name_kind).python(PyEnv(kernel=Kernel()))
    assert run(7) == kind
    assert run(8) == 9


def test_policy_as_python_spares_ssh() -> None:
    top = MemcgModel(2, "/work")
    top.add_task(TaskModel(10, b"sshd"))
    top.add_task(TaskModel(11, b"ssh-agent"))
    top.add_task(TaskModel(12, b"postgres"))
    oc = OomControlModel(top)
    assert pyoombpf.compile(spare_ssh).python()(oc) == 1
    assert [k.pid for k in oc.kills] == [12]


def test_simulate_spares_ssh(oom_scenario: object) -> None:
    scenario = oom_scenario(  # type: ignore[operator]
        {
            "work": {
                "tasks": [
                    {"pid": 20, "comm": "sshd", "rss": "10M"},
                    {"pid": 21, "comm": "sshd-session", "rss": "10M"},
                    {"pid": 22, "comm": "batch", "rss": "10M"},
                ]
            }
        },
        oom="work",
    )
    result = simulate(spare_ssh, scenario)
    assert [v.pid for v in result.victims] == [22]


# --------------------------------------------------------------------------------------------- kernel

# rename itself (only a process's own threads may write its comm), say "ready", wait until stdin closes
_NAMED = (
    "import sys\nwith open('/proc/self/comm', 'w') as f:\n    f.write(sys.argv[1])\n"
    "print('ready', flush=True)\nsys.stdin.read()\n"
)


class Named:
    """A process that renamed itself (its ``comm``), optionally placed in a cgroup first."""

    def __init__(self, name: str, cgroup: str | None = None) -> None:
        def enter() -> None:
            if cgroup is not None:
                with open(os.path.join(cgroup, "cgroup.procs"), "w") as f:
                    f.write(str(os.getpid()))

        self.proc = subprocess.Popen(
            [sys.executable, "-c", _NAMED, name], stdin=subprocess.PIPE, stdout=subprocess.PIPE, preexec_fn=enter
        )
        assert self.proc.stdout is not None and readline_within(self.proc.stdout).strip() == b"ready"
        self.pid = self.proc.pid

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout):
            if f is not None:
                f.close()


@pytest.fixture
def named() -> Iterator[list[Named]]:
    started: list[Named] = []
    yield started
    for p in started:
        p.stop()


@pytest.mark.kernel
@pytest.mark.parametrize(("comm", "kind"), [(n, k) for n, k in NAMES.items() if n])
def test_in_the_kernel(comm: str, kind: int, named: list[Named]) -> None:
    from pyoombpf.testing import KernelFunction

    proc = Named(comm)
    named.append(proc)
    with KernelFunction(name_kind) as call:
        assert call(proc.pid) == kind
        assert call(0x7FFFFFF0) == 9


@pytest.mark.kernel
def test_bridge_program_spares_ssh_processes(named: list[Named]) -> None:
    from pyoombpf.bridge import abi
    from pyoombpf.bridge.memcg_v1 import hierarchy_id, v1_memory_root
    from pyoombpf.runtime import BpfObject
    from tests.bridge.v1 import V1Tree

    if v1_memory_root() is None:
        pytest.skip("needs the memory controller on cgroup v1 (bridge programs find v1 memcgs here)")
    compiled = pyoombpf.compile(spare_ssh, mode="bridge")
    with V1Tree(limit_mb=128) as tree, BpfObject.open(compiled.elf, name=compiled.name) as obj:
        tree.make("work")
        for name in ("sshd", "ssh-agent", "batch"):
            named.append(Named(name, tree.path("work")))
        obj.load()
        ctx = abi.BridgeContext(memcg_id=tree.cgroup_id("work"), attach_cgroup_id=1, hierarchy_id=hierarchy_id())
        result = obj.program(compiled.symbol).test_run(ctx.encode())
        assert result.retval == 1
        batch = named[2].proc
        assert batch.wait(timeout=PATIENCE_S) == -signal.SIGKILL
        assert named[0].proc.poll() is None and named[1].proc.poll() is None
