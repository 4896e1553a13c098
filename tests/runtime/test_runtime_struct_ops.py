"""struct_ops: bpf_dummy_ops (load, sleepable member, BPF_PROG_RUN), tcp_congestion_ops (link registration,
detach, close), cgroup attachment and bpf_oom_ops refused with a useful NotSupportedError on this kernel."""

from __future__ import annotations

import ctypes
import struct
from collections.abc import Iterator

import pytest

from pyoombpf.errors import AttachError, NotSupportedError
from pyoombpf.runtime import BpfObject, CgroupFd, features
from pyoombpf.runtime._ffi import lib

from .conftest import Build

pytestmark = pytest.mark.kernel
CC_NAME = "pyoombpf_rt"
BPF_F_SLEEPABLE = 1 << 4


def _available_ccs() -> list[str]:
    with open("/proc/sys/net/ipv4/tcp_available_congestion_control") as f:
        return f.read().split()


@pytest.fixture
def dummy(build: Build, no_fd_leak: None) -> Iterator[BpfObject]:
    if not features().has_struct_ops("bpf_dummy_ops"):
        pytest.skip("this kernel has no bpf_dummy_ops struct_ops type (CONFIG_NET's BPF test harness)")
    with BpfObject.open(build("dummy_ops.c"), "dummy") as obj:
        obj.load()
        yield obj


@pytest.fixture
def tcp_cc(build: Build, no_fd_leak: None) -> Iterator[BpfObject]:
    if not features().has_struct_ops("tcp_congestion_ops"):
        pytest.skip("this kernel has no tcp_congestion_ops struct_ops type")
    assert CC_NAME not in _available_ccs(), f"a congestion control {CC_NAME!r} is already registered"
    with BpfObject.open(build("tcp_cc.c"), "cc") as obj:
        obj.load()
        yield obj
    assert CC_NAME not in _available_ccs()


def test_struct_ops_program_runs_with_bpf_prog_run(dummy: BpfObject) -> None:
    state = ctypes.create_string_buffer(4)  # struct bpf_dummy_ops_state { int val; }
    prog = dummy.program("test_1")
    assert (prog.section, prog.type) == ("struct_ops/test_1", "struct_ops")
    run = prog.test_run(struct.pack("<Q", ctypes.addressof(state)))
    assert run.retval == 42
    assert int.from_bytes(state.raw, "little") == 0x5A5A


def test_sleepable_member_loads_sleepable(dummy: BpfObject) -> None:
    """struct_ops.s/ (unknown to libbpf 1.1) must reach the kernel as sleepable: the program calls a kfunc
    only sleepable programs may call, so having loaded at all proves it."""
    prog = dummy.program("test_sleepable")
    assert prog.section == "struct_ops.s/test_sleepable"  # the name the object used, whatever libbpf saw
    assert prog.fd > 0
    assert lib.bpf_program__flags(prog._ptr) & BPF_F_SLEEPABLE or lib.libbpf_minor_version() >= 2


def test_registration_the_kernel_refuses_is_an_attach_error(dummy: BpfObject) -> None:
    st = dummy.struct_ops("dummy")
    assert (st.name, st.type_name) == ("dummy", "bpf_dummy_ops")
    with pytest.raises(AttachError, match="registering struct_ops map 'dummy' \\(bpf_dummy_ops\\) failed"):
        st.register()  # bpf_dummy_ops only exists for BPF_PROG_RUN: the kernel has no registration for it


def test_link_registration_lives_as_long_as_the_link(tcp_cc: BpfObject) -> None:
    st = tcp_cc.struct_ops("pyo_cc")
    with st.register() as link:
        assert CC_NAME in _available_ccs()
        with open(f"/proc/self/fdinfo/{link.fd}") as f:
            assert "link_type:\tstruct_ops" in f.read()
    assert CC_NAME not in _available_ccs()
    again = st.register()  # the map can be registered again through a new link
    assert CC_NAME in _available_ccs()
    again.detach()  # BPF_LINK_DETACH unregisters but keeps the fd
    assert CC_NAME not in _available_ccs()
    assert again.fd > 0
    again.close()


def test_closing_the_object_closes_its_links(tcp_cc: BpfObject) -> None:
    link = tcp_cc.struct_ops("pyo_cc").register()
    assert CC_NAME in _available_ccs()
    tcp_cc.close()
    assert link.closed and CC_NAME not in _available_ccs()


def test_cgroup_attachment_is_refused_without_registering_anything(tcp_cc: BpfObject) -> None:
    if features().struct_ops_cgroup_attach:
        pytest.skip("this kernel has cgroup-attached struct_ops (BPF OOM series): refusal cannot be observed")
    with CgroupFd("/sys/fs/cgroup/unified") as cgroup, pytest.raises(NotSupportedError) as info:
        tcp_cc.struct_ops("pyo_cc").attach(cgroup)
    assert "BPF_F_CGROUP_FD" in info.value.feature
    assert "BPF OOM series" in info.value.requirement
    assert CC_NAME not in _available_ccs()  # a kernel without the series would have registered system-wide


@pytest.mark.parametrize("abi", [2, 3, 4])
def test_bpf_oom_ops_object_is_not_supported_here(build: Build, abi: int, no_fd_leak: None) -> None:
    if features().has_struct_ops("bpf_oom_ops"):
        pytest.skip("this kernel carries the BPF OOM series")
    with (
        BpfObject.open(build("oom_ops.c", f"-DOOM_ABI={abi}"), "oom") as obj,
        pytest.raises(NotSupportedError) as info,
    ):
        obj.load()
    err = info.value
    assert err.feature == "struct_ops type bpf_oom_ops (map 'test_policy')"
    assert "BPF OOM series (mm: BPF OOM v3, unmerged as of 2026)" in err.requirement
    assert "--mode bridge" in err.hint
