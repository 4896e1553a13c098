"""The test kernel behaves like the upstream "mm: BPF OOM" v3 series: one test (or more) per known difference
that used to separate them (docs/test-kernel.md, "Our kernel vs upstream v3"), so a drift fails here.

Most tests use ``src_c/policies/test_probe.bpf.c``: an OOM handler that records what it sees (the OOM's memcg,
``oc->bpf_handler_name`` read with a tracing helper, the attach cgroup through the link) and kills the task whose
pid is in its ``target`` map (0: it declines).  OOMs are declared with ``bpf_out_of_memory()`` (the ``declare``
fixture): exactly one ``out_of_memory()`` per call.
"""

from __future__ import annotations

import errno
import os
import select
import struct
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import pytest

from pyoombpf.btf import try_vmlinux
from pyoombpf.btf.spec import BtfSpec

from .bpfload import BPF_F_CGROUP_FD, BpfObject, LoadError
from .cgroups import CGROUP_ROOT, CgroupTree
from .kmsg import Kmsg
from .vmkernel import VMLINUX_BTF, vm_test

pytestmark = vm_test

# test_probe's slots
P_RUNS, P_KILL_RC, P_MEMCG_NULL, P_MEMCG_ID, P_FREED, P_CURRENT, P_ATTACH_ID = range(7)
LONG_NAME = "0123456789abcdef" * 4  # 64 bytes, stored without a terminating NUL
# Upper bound for asynchronous kernel work (cgroup release runs from a workqueue); never a performance claim.
PATIENCE_S = 120.0


def _probe(policy_path: Callable[[str], str], ops: str = "probe_ops") -> BpfObject:
    return BpfObject(policy_path("test_probe"), ops)


def _target(obj: BpfObject, pid: int) -> None:
    obj.update("target", struct.pack("<I", 0), struct.pack("<Q", pid))


def _slot(obj: BpfObject, index: int) -> int:
    return struct.unpack("<q", struct.pack("<Q", obj.lookup_u64("probe", index)))[0]


def _name_seen(obj: BpfObject) -> str:
    return obj.lookup("names", 0, 64).split(b"\0")[0].decode()


def _fdinfo(fd: int) -> str:
    with open(f"/proc/self/fdinfo/{fd}") as f:
        return f.read()


def _hung_up(fd: int, timeout_s: float) -> bool:
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    deadline = time.monotonic() + timeout_s
    while True:
        if any(ev & select.POLLHUP for _, ev in poller.poll(100)):
            return True
        if time.monotonic() > deadline:
            return False


def _vmlinux() -> BtfSpec:
    spec = try_vmlinux()
    assert spec is not None, f"no kernel BTF at {VMLINUX_BTF}"
    return spec


def _two_leaves(cg: CgroupTree) -> tuple[str, str]:
    cg.make("oom_test", parent_of_others=True)
    cg.make("oom_test/a")
    cg.make("oom_test/b")
    return "oom_test/a", "oom_test/b"


# --------------------------------------------------------------------------------------------- 1. link layout


def test_struct_ops_link_members_are_in_upstream_order() -> None:
    link = _vmlinux().struct("bpf_struct_ops_link")
    assert [m.name for m in link.members] == ["link", "map", "cgroup", "cgroup_removed", "list", "wait_hup"]


# --------------------------------------------------------------------------------------------- 2. link->cgroup


def test_link_cgroup_is_not_a_trusted_pointer(policy_path: Callable[[str], str]) -> None:
    with pytest.raises(LoadError) as exc:
        BpfObject(policy_path("test_bad_link_cgroup"), "bad_link_cgroup_ops")
    assert "must be" in exc.value.log and "bpf_cgroup_acquire" in exc.value.log, exc.value.log[-2000:]


def test_link_cgroup_can_be_read_through(
    cgroups: CgroupTree, policy_path: Callable[[str], str], declare: Callable[..., int]
) -> None:
    _two_leaves(cgroups)
    cgroups.spawn("oom_test/a", 10, oom_score_adj=1000)
    with _probe(policy_path) as pol:
        pol.attach(cgroups.path("oom_test"))
        assert declare(cgroups.cgroup_id("oom_test")) == 1
        assert _slot(pol, P_ATTACH_ID) == cgroups.cgroup_id("oom_test")


# --------------------------------------------------------------------------------------------- 3. link info


def test_link_fdinfo_reports_the_attach_cgroup(cgroups: CgroupTree, policy_path: Callable[[str], str]) -> None:
    cgroups.make("attached")
    with _probe(policy_path) as pol:
        fd = pol.attach(cgroups.path("attached"))
        info = _fdinfo(fd)
    assert f"cgroup_id:\t{cgroups.cgroup_id('attached')}\n" in info, info
    assert "map_id:\t" in info, info


# --------------------------------------------------------------------------------------------- 4. link flags


@pytest.mark.parametrize("flags", [BPF_F_CGROUP_FD | 1 << 6, 1 << 0, 1 << 8], ids=["cgroup+preorder", "one", "eight"])
def test_link_create_refuses_other_flags(cgroups: CgroupTree, policy_path: Callable[[str], str], flags: int) -> None:
    cgroups.make("flags")
    with _probe(policy_path) as pol:
        with pytest.raises(OSError) as exc:
            pol.attach(cgroups.path("flags"), flags=flags)
        assert exc.value.errno == errno.EINVAL


# --------------------------------------------------------------------------------------------- 5. cgroup removal


def test_removing_the_cgroup_detaches_the_link_with_epollhup(
    cgroups: CgroupTree, policy_path: Callable[[str], str]
) -> None:
    cgroups.make("short_lived")
    cgid = cgroups.cgroup_id("short_lived")
    with _probe(policy_path) as pol:
        fd = pol.attach(cgroups.path("short_lived"))
        assert not _hung_up(fd, 0)
        cgroups.remove("short_lived")
        assert _hung_up(fd, PATIENCE_S), "no EPOLLHUP after the cgroup was removed"
        info = _fdinfo(fd)
    assert "map_id:" not in info, f"the link is still registered:\n{info}"
    assert f"cgroup_id:\t{cgid}\n" in info, info


# --------------------------------------------------------------------------------------------- 6. registration


@pytest.mark.parametrize(
    ("ops", "name"),
    [("long_name_ops", LONG_NAME[:63]), ("default_name_ops", "bpf_defined_policy")],
    ids=["unterminated-name-truncated", "empty-name-default"],
)
def test_handler_names_as_registered(
    cgroups: CgroupTree, policy_path: Callable[[str], str], declare: Callable[..., int], ops: str, name: str
) -> None:
    a, _ = _two_leaves(cgroups)
    victim = cgroups.spawn(a, 10)
    with _probe(policy_path, ops) as pol:
        _target(pol, victim.proc.pid)
        pol.attach(cgroups.path("oom_test"))
        with Kmsg() as log:
            assert declare(cgroups.cgroup_id("oom_test")) == 1
            lines = log.lines()
        assert _name_seen(pol) == name
        assert _slot(pol, P_KILL_RC) == 0
    assert victim.killed_by_sigkill()
    assert f"oom bpf handler: {name}" in lines, "\n".join(lines[-40:])


def test_a_map_without_handler_is_accepted(cgroups: CgroupTree, policy_path: Callable[[str], str]) -> None:
    # Upstream would call NULL on the next OOM below it; pyoombpf never emits such an object.
    cgroups.make("no_handler")
    with BpfObject(policy_path("test_probe"), "no_handler_ops") as pol:
        assert pol.attach(cgroups.path("no_handler")) > 0


# --------------------------------------------------------------------------------------------- 7. helpers


def test_oom_handlers_get_the_tracing_helpers(
    cgroups: CgroupTree, policy_path: Callable[[str], str], declare: Callable[..., int]
) -> None:
    # test_probe calls bpf_probe_read_kernel_str and bpf_get_current_task_btf: loading it proves the helper set
    a, _ = _two_leaves(cgroups)
    cgroups.spawn(a, 10, oom_score_adj=1000)
    with _probe(policy_path) as pol:
        pol.attach(cgroups.path("oom_test"))
        assert declare(cgroups.cgroup_id("oom_test")) == 1
        assert _slot(pol, P_RUNS) == 1
        assert _slot(pol, P_CURRENT) == os.getpid()  # the declaring task runs the OOM path
        assert _name_seen(pol) == "pyoombpf_probe"


# --------------------------------------------------------------------------------------------- 8. kfunc filters


@pytest.mark.parametrize("prog", ["test_bad_victim_syscall", "test_bad_victim_psi"], ids=["syscall", "bpf_psi_ops"])
def test_task_is_oom_victim_only_in_oom_handlers(policy_path: Callable[[str], str], prog: str) -> None:
    with pytest.raises(LoadError) as exc:
        BpfObject(policy_path(prog), "victim_psi_ops" if prog.endswith("psi") else None)
    assert "calling kernel function bpf_task_is_oom_victim is not allowed" in exc.value.log, exc.value.log[-2000:]


def test_out_of_memory_not_from_other_tracepoints(policy_path: Callable[[str], str]) -> None:
    with pytest.raises(LoadError) as exc:
        BpfObject(policy_path("test_bad_tp_declare"), sleepable=False, only="declare_on_mark_victim")
    assert "calling kernel function bpf_out_of_memory is not allowed" in exc.value.log, exc.value.log[-2000:]


def test_out_of_memory_on_psi_avgs_work_needs_a_sleepable_program(policy_path: Callable[[str], str]) -> None:
    with pytest.raises(LoadError) as exc:
        BpfObject(policy_path("test_bad_tp_declare"), sleepable=False, only="declare_not_sleepable")
    assert "program must be sleepable to call sleepable kfunc bpf_out_of_memory" in exc.value.log, exc.value.log[-2000:]


def test_out_of_memory_from_a_sleepable_psi_avgs_work_program_loads(policy_path: Callable[[str], str]) -> None:
    with BpfObject(policy_path("psi_oom_v3")) as obj:
        obj.attach_program("psi_avgs")


# --------------------------------------------------------------------------------------------- 9. return values


def test_killing_an_oom_score_adj_min_task_is_einval(
    cgroups: CgroupTree, policy_path: Callable[[str], str], declare: Callable[..., int]
) -> None:
    a, b = _two_leaves(cgroups)
    protected = cgroups.spawn(a, 10, oom_score_adj=-1000)
    other = cgroups.spawn(b, 10)
    with _probe(policy_path) as pol:
        _target(pol, protected.proc.pid)
        pol.attach(cgroups.path("oom_test"))
        assert declare(cgroups.cgroup_id("oom_test")) == 1
        assert _slot(pol, P_KILL_RC) == -errno.EINVAL
    assert other.killed_by_sigkill()  # the kernel's killer, after the handler declined
    assert protected.alive()


@pytest.fixture
def zombie() -> Iterator[int]:
    """The pid of an exited, not yet reaped child."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        deadline = time.monotonic() + PATIENCE_S
        while _state(proc.pid) != "Z":
            assert time.monotonic() < deadline, "the child never became a zombie"
            time.sleep(0.05)
        yield proc.pid
    finally:
        proc.wait()


def _state(pid: int) -> str:
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()[0]


def test_killing_an_exiting_task_proceeds_and_counts_as_freed(
    cgroups: CgroupTree, policy_path: Callable[[str], str], declare: Callable[..., int], zombie: int
) -> None:
    a, _ = _two_leaves(cgroups)
    bystander = cgroups.spawn(a, 10, oom_score_adj=1000)
    with _probe(policy_path) as pol:
        _target(pol, zombie)
        pol.attach(cgroups.path("oom_test"))
        with Kmsg() as log:
            assert declare(cgroups.cgroup_id("oom_test")) == 1
            lines = log.lines()
        assert _slot(pol, P_KILL_RC) == 0
        assert _slot(pol, P_FREED) == 1
    assert bystander.alive(), "the OOM was not counted as handled: the kernel killed another task"
    assert any(f"OOM victim {zombie} " in line and "already exiting" in line for line in lines), "\n".join(lines)


@pytest.fixture
def no_task_dump() -> Iterator[None]:
    """vm.oom_dump_tasks = 0: the report's task dump walks the OOM memcg's tasks, which the kernel does not do
    for the root memcg (mem_cgroup_scan_tasks has BUG_ON(root)) -- upstream's as much as ours."""
    path = "/proc/sys/vm/oom_dump_tasks"
    with open(path) as f:
        old = f.read().strip()
    with open(path, "w") as f:
        f.write("0")
    try:
        yield
    finally:
        with open(path, "w") as f:
            f.write(old)


def test_declaring_an_oom_on_the_root_memcg_is_a_memcg_oom(
    cgroups: CgroupTree, policy_path: Callable[[str], str], declare: Callable[..., int], no_task_dump: None
) -> None:
    cgroups.make("victim")
    victim = cgroups.spawn("victim", 10)
    root_id = os.stat(CGROUP_ROOT).st_ino
    with _probe(policy_path) as pol:
        _target(pol, victim.proc.pid)
        pol.attach(CGROUP_ROOT)
        assert victim.alive()  # the handler must kill: a root-memcg OOM left to the kernel's killer is a BUG()
        with Kmsg() as log:
            assert declare(root_id) == 1
            lines = log.lines()
        assert _slot(pol, P_MEMCG_NULL) == 0
        assert _slot(pol, P_MEMCG_ID) == root_id
        assert _slot(pol, P_KILL_RC) == 0
    assert victim.killed_by_sigkill()
    assert any("constraint=CONSTRAINT_MEMCG" in line for line in lines), "\n".join(lines)


# --------------------------------------------------------------------------------------------- 10. the report


def test_report_names_the_running_handler_only(
    cgroups: CgroupTree, policy_path: Callable[[str], str], declare: Callable[..., int]
) -> None:
    a, b = _two_leaves(cgroups)
    kernels_choice = cgroups.spawn(a, 10, oom_score_adj=1000)
    policys_choice = cgroups.spawn(b, 10)
    with _probe(policy_path) as pol:
        pol.attach(cgroups.path("oom_test"))
        with Kmsg() as log:  # the handler declines: the kernel's own kill must not carry its name
            assert declare(cgroups.cgroup_id("oom_test")) == 1
            declined = log.lines()
        assert _name_seen(pol) == "pyoombpf_probe"  # set while it ran
        assert kernels_choice.killed_by_sigkill()
        _target(pol, policys_choice.proc.pid)
        with Kmsg() as log:
            assert declare(cgroups.cgroup_id("oom_test")) == 1
            killed = log.lines()
    assert policys_choice.killed_by_sigkill()
    assert any("invoked oom-killer" in line for line in declined), "\n".join(declined)
    assert not any("oom bpf handler" in line for line in declined), "\n".join(declined)
    assert "oom bpf handler: pyoombpf_probe" in killed, "\n".join(killed)


# --------------------------------------------------------------------------------------------- 11. config


def test_oom_control_bpf_fields_exist_only_with_cgroup_bpf() -> None:
    spec = _vmlinux()
    cgroup_bpf = "bpf" in spec.struct("cgroup").member_names()
    oc = spec.struct("oom_control").member_names()
    assert cgroup_bpf  # the test kernel's config has CONFIG_CGROUP_BPF
    assert ("bpf_memory_freed" in oc) == cgroup_bpf and ("bpf_handler_name" in oc) == cgroup_bpf


# --------------------------------------------------------------------------------------------- the runtime


def test_runtime_links_report_their_cgroup_and_its_removal(cgroups: CgroupTree) -> None:
    """What the kernel reports (3, 5) surfaces in pyoombpf's link objects, policy and ``pyoombpf status``."""
    from pyoombpf.compiler import compile as pcompile
    from pyoombpf.modes.struct_ops import StructOpsPolicy
    from pyoombpf.runtime.attachments import attachments
    from tests.examples import example

    path = cgroups.make("attached")
    cgid = cgroups.cgroup_id("attached")
    with StructOpsPolicy(pcompile(example("largest_leaf").largest_leaf)) as policy:
        link = policy.attach(path)
        assert link.cgroup_id == cgid and link.cgroup_path == path
        assert link.info().type == "struct_ops" and link.info().map_id != 0
        assert not link.cgroup_removed and policy.removed_cgroups() == []
        mine = [a for a in attachments() if a.link_id == link.info().id]
        assert [(a.kind, a.name, a.cgroup_id, a.cgroup_path, a.detached) for a in mine] == [
            ("bpf_oom_ops", "largest_leaf", cgid, path, False)
        ]
        status = subprocess.run(
            [sys.executable, "-m", "pyoombpf.cli", "status"], capture_output=True, text=True, check=True
        ).stdout
        assert f"cgroup {path} (id {cgid})" in status, status

        cgroups.remove("attached")
        assert link.wait_cgroup_removed(PATIENCE_S), "the runtime never saw the cgroup go"
        assert policy.removed_cgroups() == [path]
        assert link.info().map_id == 0 and link.cgroup_id == cgid
        mine = [a for a in attachments() if a.link_id == link.info().id]
        assert [(a.cgroup_path, a.detached) for a in mine] == [(None, True)]


def test_status_lists_a_v3_psi_policy(cgroups: CgroupTree) -> None:
    from pyoombpf.compiler import compile as pcompile
    from pyoombpf.modes.struct_ops import PsiPolicy
    from pyoombpf.runtime.attachments import attachments
    from tests.examples import example

    cgroups.make("watched")
    with PsiPolicy(pcompile(example("psi_oom").PsiOom)) as policy:
        policy.map("target")[0] = cgroups.cgroup_id("watched")
        link = policy.attach()
        assert link.info().tp_name == "psi_avgs_work"
        mine = [a for a in attachments() if a.link_id == link.info().id]
        assert [(a.kind, a.cgroup_id, a.detached) for a in mine] == [("tp_btf/psi_avgs_work", 0, False)]
        assert mine[0].name.startswith("psi_oom")


def test_a_struct_ops_run_stops_when_its_cgroup_goes(cgroups: CgroupTree) -> None:
    """``pyoombpf run --mode struct_ops`` ends with reason ``cgroup-removed`` instead of holding a dead link."""
    import threading

    from pyoombpf.bridge.events import Event
    from pyoombpf.bridge.policy import run_policy
    from tests.examples import example

    events: list[Event] = []
    path = cgroups.make("run_target")
    with run_policy(example("largest_leaf").largest_leaf, path, "struct_ops", on_event=events.append) as run:
        cgroups.remove("run_target")
        runner = threading.Thread(target=run.run)
        runner.start()
        runner.join(PATIENCE_S)
        if runner.is_alive():
            run.stop()
            runner.join()
            pytest.fail("the run did not notice its cgroup was removed")
    assert [e.kind for e in events] == ["start", "stop"]
    assert events[-1]["reason"] == "cgroup-removed"
