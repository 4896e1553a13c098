"""Feature probes against what this machine demonstrably has."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pyoombpf.btf import load_bytes, probe
from pyoombpf.cli_features import main as features_main
from pyoombpf.elf import section_map
from pyoombpf.runtime import BpfObject, features
from pyoombpf.runtime.features import OOM_TRACEPOINTS, STRUCT_OPS_TYPES, kernel_version

from .conftest import Build


def test_kernel_version_parsing() -> None:
    assert kernel_version("6.18.44-fc-v657") == (6, 18, 44)
    assert kernel_version("7.3") == (7, 3, 0)


@pytest.mark.kernel
@pytest.mark.parametrize(("abi", "name"), [(2, "v2"), (3, "v3"), (4, "post-v3")])
def test_oom_abi_is_read_from_btf(build: Build, abi: int, name: str) -> None:
    """The probe that classifies the kernel's bpf_oom_ops (pyoombpf.btf.probe), run on the BTF of C objects
    declaring each ABI's struct."""
    elf = build("oom_ops.c", f"-DOOM_ABI={abi}")
    with BpfObject.open(elf) as obj:  # the object is one libbpf accepts
        assert obj.name
    assert probe.oom_abi(load_bytes(section_map(elf)[".BTF"].data(elf))) == name


@pytest.mark.kernel
def test_probes_match_this_machine() -> None:
    found = features()
    assert found is features()  # cached per process
    assert found.kernel_release == os.uname().release
    assert found.btf and found.can_load_bpf and found.syscall_programs
    btf = Path("/sys/kernel/btf/vmlinux").read_bytes()  # an independent check: the names in its string table
    for name in STRUCT_OPS_TYPES:
        assert found.has_struct_ops(name) == (f"\0bpf_struct_ops_{name}\0".encode() in btf), name
    for name in OOM_TRACEPOINTS:
        assert (name in found.oom_tracepoints) == (f"\0btf_trace_{name}\0".encode() in btf), name
    assert found.has_kfunc("bpf_task_from_pid") and found.has_kfunc("bpf_task_release")
    assert not found.has_kfunc("pyoombpf_no_such_kfunc")
    assert found.has_struct_ops("bpf_oom_ops") == (found.bpf_oom_abi is not None)
    assert found.libbpf_version.startswith("v1.") and os.path.exists(found.libbpf_path)


@pytest.mark.kernel
def test_memcg_location_is_a_real_memory_controller() -> None:
    found = features()
    assert found.memcg_root is not None
    if found.memcg_version == 1:
        assert os.path.exists(os.path.join(found.memcg_root, "memory.limit_in_bytes"))
    else:
        assert found.memcg_version == 2
        with open(os.path.join(found.memcg_root, "cgroup.controllers")) as f:
            assert "memory" in f.read().split()


def test_psi_windows_follow_the_capability() -> None:
    found = features()
    if not found.psi:
        pytest.skip("this kernel has no PSI (/proc/pressure/memory): no trigger windows to check")
    assert found.psi_trigger_max_window_us == 10_000_000
    if found.cap_sys_resource:
        assert found.psi_trigger_min_window_us == 500_000 and found.psi_trigger_window_step_us is None
    else:
        assert (found.psi_trigger_min_window_us, found.psi_trigger_window_step_us) == (2_000_000, 2_000_000)


def test_json_and_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert features_main(["--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kernel_release"] == os.uname().release
    assert isinstance(data["kfuncs"], list) and data["kfuncs"] == sorted(data["kfuncs"])
    assert features_main([]) == 0
    text = capsys.readouterr().out
    assert "bpf_oom_ops ABI" in text and "PSI" in text and "libbpf" in text
