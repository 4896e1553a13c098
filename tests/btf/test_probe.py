"""BTF-based feature probes: on this kernel, and on fake kernels carrying each ABI shape."""

from __future__ import annotations

import pytest

from pyoombpf.btf import BtfSpec
from pyoombpf.btf.probe import explain_oom_abi, has_kfunc, oom_abi, psi_abi, psi_abis, struct_ops_types

from .conftest import needs_vmlinux
from .fakes import fake_kernel


@needs_vmlinux
def test_this_kernel_has_no_oom_series(kernel: BtfSpec) -> None:
    assert oom_abi(kernel) is None and psi_abi(kernel) is None
    abi, reason = explain_oom_abi(kernel)
    assert abi is None and "no struct bpf_oom_ops" in reason


@needs_vmlinux
def test_this_kernel_struct_ops_types(kernel: BtfSpec) -> None:
    names = struct_ops_types(kernel)
    assert {"bpf_dummy_ops", "tcp_congestion_ops"} <= set(names)
    assert "map" not in names and "common_value" not in names  # bpf_struct_ops_map etc. are not wrappers
    assert "bpf_oom_ops" not in names


@needs_vmlinux
def test_this_kernel_kfuncs(kernel: BtfSpec) -> None:
    assert has_kfunc(kernel, "bpf_task_from_pid") and has_kfunc(kernel, "bpf_send_signal_task")
    for absent in (
        "bpf_oom_kill_process",
        "bpf_out_of_memory",
        "bpf_get_mem_cgroup",
        "bpf_psi_create_trigger",
    ):
        assert not has_kfunc(kernel, absent)
    assert not has_kfunc(kernel, "bpf_map_lookup_elem")  # a FUNC in BTF, but a helper, not a kfunc


@pytest.mark.parametrize("abi", ["v2", "v3", "post-v3"])
@pytest.mark.parametrize("stub", [False, True])
def test_oom_abi_shapes(abi: str, stub: bool) -> None:
    spec = fake_kernel(abi, stub=stub)
    assert oom_abi(spec) == abi
    assert has_kfunc(spec, "bpf_oom_kill_process")


def test_unknown_oom_shape_is_explained() -> None:
    abi, reason = explain_oom_abi(fake_kernel("odd"))
    assert abi is None and "unrecognised shape" in reason and "handle_out_of_memory(int, int)" in reason


def test_psi_abi() -> None:
    assert psi_abi(fake_kernel(None, psi=True)) == "v2"
    assert psi_abi(fake_kernel(None)) is None


def test_psi_abis() -> None:
    assert psi_abis(fake_kernel(None, psi=True, psi_tp=True)) == ("v3", "v2")  # pyoombpf's test kernel
    assert psi_abis(fake_kernel(None, psi_tp=True)) == ("v3",)
    assert psi_abis(fake_kernel(None, psi=True)) == ("v2",)
    assert psi_abis(fake_kernel(None)) == () and psi_abis(None) == ()


def test_probes_accept_no_btf() -> None:
    assert oom_abi(None) is None and psi_abi(None) is None
    assert struct_ops_types(None) == [] and not has_kfunc(None, "bpf_task_from_pid")
