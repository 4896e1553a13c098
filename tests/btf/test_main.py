"""``python -m pyoombpf.btf``: the inspection tool prints what the compiler would see."""

from __future__ import annotations

import pytest

from pyoombpf.btf.__main__ import main


def test_bundle_only_listing(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["--no-kernel", "--abi", "v2", "--psi-abi", "v2", "bpf_oom_ops", "bpf_out_of_memory", "PSI_MEM", "nosuch"])
        == 0
    )
    out = capsys.readouterr().out
    assert "struct bpf_oom_ops {  /* size 80, origin bundle */" in out
    assert "handle_cgroup_offline;  /* @8 */" in out
    assert "__bpf_kfunc int bpf_out_of_memory(struct mem_cgroup * memcg__nullable, int order, u64 flags, " in out
    assert "PSI_MEM = 1  /* enumerator of enum psi_res, origin bundle */" in out
    assert "enumerator 'nosuch' not found" in out


def test_probe_without_kernel(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--no-kernel", "--probe"]) == 0
    out = capsys.readouterr().out
    assert "BPF OOM ABI:       None (no kernel BTF)" in out and "struct_ops types:  -" in out
