"""Does the running kernel implement the BPF OOM struct_ops? (Decides whether VM tests run or skip.)"""

from __future__ import annotations

import pytest

VMLINUX_BTF = "/sys/kernel/btf/vmlinux"


def has_bpf_oom_ops() -> bool:
    try:
        with open(VMLINUX_BTF, "rb") as f:
            return b"\x00bpf_oom_ops\x00" in f.read()
    except OSError:
        return False


requires_bpf_oom = pytest.mark.skipif(
    not has_bpf_oom_ops(),
    reason="the running kernel has no struct bpf_oom_ops (BPF OOM struct_ops) in its BTF: "
    "run `make vmtest` to boot the pyoombpf test kernel",
)
vm_test = [pytest.mark.vm, pytest.mark.kernel, requires_bpf_oom]
