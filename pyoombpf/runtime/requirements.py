"""Which kernel (or patch series) provides a feature this kernel lacks: the text of NotSupportedError."""

from __future__ import annotations

from pyoombpf.errors import NotSupportedError

BPF_OOM_SERIES = "a kernel with the BPF OOM series (mm: BPF OOM v3, unmerged as of 2026)"
BRIDGE_HINT = "use bridge mode (`--mode bridge`), which runs the same policy on stock kernels"

STRUCT_OPS_REQUIREMENTS: dict[str, tuple[str, str]] = {
    "bpf_oom_ops": (f"needs {BPF_OOM_SERIES}", BRIDGE_HINT),
    "bpf_psi_ops": (
        "needs a kernel with the BPF PSI handler patches (posted with the BPF OOM series v1/v2, unmerged as of 2026)",
        BRIDGE_HINT,
    ),
    "bpf_dummy_ops": ("needs Linux 5.6+ built with CONFIG_NET (the BPF test harness)", ""),
    "tcp_congestion_ops": ("needs Linux 5.6+ with BPF JIT and IPv4 TCP", ""),
}

_WEAK_HINT = "or declare it weak and test its address before calling it, so the object loads everywhere"


def struct_ops_unsupported(type_name: str, map_name: str) -> NotSupportedError:
    requirement, hint = STRUCT_OPS_REQUIREMENTS.get(
        type_name,
        ("the running kernel's BTF has no such struct_ops type; it needs a kernel that registers it", ""),
    )
    return NotSupportedError(f"struct_ops type {type_name} (map {map_name!r})", requirement, hint)


def _bundled_in(name: str) -> str:
    """The bundled ABI file declaring kfunc ``name`` ("" if none): it says which kernel or series has it."""
    from pyoombpf.btf.bundle import PSI_ABIS, load_bundle

    for psi_abi in PSI_ABIS:
        where = load_bundle(psi_abi=psi_abi).where.get(("func", name), "")
        if where:
            return where.split(":")[0]
    return ""


def kfunc_unsupported(name: str) -> NotSupportedError:
    source = _bundled_in(name)
    if source.startswith(("oom_", "psi_")):
        requirement, hint = f"needs {BPF_OOM_SERIES}", BRIDGE_HINT
    elif source == "memcg_kfuncs.h":
        requirement, hint = "needs Linux 7.0 or newer (the memcg kfuncs were merged for 7.0)", _WEAK_HINT
    else:
        requirement, hint = (
            "the running kernel's BTF does not declare it; it needs a newer kernel",
            _WEAK_HINT,
        )
    return NotSupportedError(f"kfunc {name}", requirement, hint)
