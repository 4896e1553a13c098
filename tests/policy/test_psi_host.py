"""PSI policies on the machine's own kernel: without BPF PSI handlers, loading is a readable NotSupportedError."""

from __future__ import annotations

import pytest

import pyoombpf
from pyoombpf.compiler import compile as pcompile
from pyoombpf.modes.struct_ops import PsiPolicy, StructOpsPolicy
from tests.examples import example


def _kernel_has_psi_ops() -> bool:
    from pyoombpf.runtime import features

    return features().has_struct_ops("bpf_psi_ops")


def _kernel_has_psi_tracepoint() -> bool:
    from pyoombpf.btf import probe, try_vmlinux

    return probe.psi_tracepoint(try_vmlinux())


@pytest.mark.kernel
@pytest.mark.skipif(_kernel_has_psi_ops(), reason="this kernel has struct bpf_psi_ops (the VM tests cover it)")
def test_loading_v2_without_bpf_psi_ops_names_the_missing_interface() -> None:
    obj = pcompile(example("psi_oom").PsiOom, abi="v2")
    with pytest.raises(pyoombpf.NotSupportedError) as info:
        PsiPolicy(obj)
    text = str(info.value)
    assert "bpf_psi_ops" in text and "make vmtest" in text, text


@pytest.mark.kernel
@pytest.mark.skipif(
    _kernel_has_psi_tracepoint(), reason="this kernel has the psi_avgs_work tracepoint (the VM tests cover it)"
)
def test_loading_v3_without_the_psi_tracepoint_names_the_missing_interface() -> None:
    obj = pcompile(example("psi_oom").PsiOom)
    with pytest.raises(pyoombpf.NotSupportedError) as info:
        PsiPolicy(obj)
    text = str(info.value)
    assert "psi_avgs_work" in text and "make vmtest" in text, text


def test_psi_policy_and_struct_ops_policy_refuse_each_others_objects() -> None:
    psi = pcompile(example("psi_oom").PsiOom)
    oom = pcompile(example("largest_leaf").largest_leaf)
    with pytest.raises(TypeError, match="not a @psi_policy"):
        PsiPolicy(oom)
    with pytest.raises(TypeError, match="not an @oom_handler policy"):
        StructOpsPolicy(psi)
