"""What this kernel, this libbpf and this process can do: probed once per process and cached."""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import re
from dataclasses import dataclass

from pyoombpf.btf import BtfSpec, probe, try_vmlinux
from pyoombpf.runtime import _ffi
from pyoombpf.runtime._ffi import ffi, lib
from pyoombpf.runtime.privileges import CAP_SYS_RESOURCE, can_load_bpf, has_cap

STRUCT_OPS_TYPES = ("bpf_oom_ops", "bpf_psi_ops", "bpf_dummy_ops", "tcp_congestion_ops")
# Tracepoints an observing (bridge-mode) program may attach to with tp_btf/.
OOM_TRACEPOINTS = ("mark_victim", "oom_score_adj_update", "mod_memcg_state", "mm_vmscan_memcg_reclaim_begin")
PSI_WINDOW_MAX_US = 10_000_000
BPF_PROG_TYPE_SYSCALL = 31
BPF_F_SLEEPABLE = 1 << 4
_TRIVIAL_PROGRAM = bytes.fromhex("b7000000000000009500000000000000")  # r0 = 0; exit


@dataclass(frozen=True)
class Features:
    """Probed capabilities.  ``to_json()`` for machines, ``to_text()`` for people."""

    kernel_release: str
    kernel_version: tuple[int, int, int]
    btf: bool
    struct_ops_types: tuple[str, ...]
    bpf_oom_abi: str | None
    struct_ops_cgroup_attach: bool
    #: struct_ops links report their attach cgroup (``bpf_link_info.struct_ops.cgroup_id``, fdinfo ``cgroup_id:``)
    struct_ops_link_cgroup_id: bool
    oom_tracepoints: tuple[str, ...]
    kfuncs: frozenset[str]
    kfuncs_source: str
    syscall_programs: bool
    syscall_programs_error: str | None
    memcg_version: int | None
    memcg_root: str | None
    cgroup2_root: str | None
    psi: bool
    psi_trigger_min_window_us: int | None
    psi_trigger_window_step_us: int | None
    psi_trigger_max_window_us: int | None
    cap_sys_resource: bool
    can_load_bpf: bool
    tracefs: bool
    libbpf_version: str
    libbpf_path: str
    libbpf_native_struct_ops_link: bool

    def has_struct_ops(self, name: str) -> bool:
        return name in self.struct_ops_types

    def has_kfunc(self, name: str) -> bool:
        return name in self.kfuncs

    def to_dict(self) -> dict[str, object]:
        d = dataclasses.asdict(self)
        d["kfuncs"] = sorted(self.kfuncs)
        d["kernel_version"] = list(self.kernel_version)
        d["struct_ops_types"] = list(self.struct_ops_types)
        d["oom_tracepoints"] = list(self.oom_tracepoints)
        return d

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, sort_keys=True)

    def to_text(self) -> str:
        yes = {True: "yes", False: "no"}
        oom_kfuncs = ", ".join(sorted(k for k in self.kfuncs if "oom" in k or "mem_cgroup" in k)) or "none"
        libbpf_note = "" if self.libbpf_native_struct_ops_link else " (struct_ops links filled in by pyoombpf)"
        syscall_note = f" ({self.syscall_programs_error})" if self.syscall_programs_error else ""
        memcg = f"v{self.memcg_version} at {self.memcg_root}" if self.memcg_version else "not found"
        rows = [
            ("kernel", f"{self.kernel_release} (BTF: {yes[self.btf]})"),
            ("libbpf", f"{self.libbpf_version} from {self.libbpf_path}{libbpf_note}"),
            ("can load BPF", yes[self.can_load_bpf]),
            ("struct_ops types", ", ".join(self.struct_ops_types) or "none"),
            ("bpf_oom_ops ABI", self.bpf_oom_abi or "absent (no BPF OOM series): use bridge mode"),
            ("struct_ops on cgroups", self._cgroup_attach()),
            ("OOM tracepoints", ", ".join(self.oom_tracepoints) or "none"),
            ("kfuncs", f"{len(self.kfuncs)} (from {self.kfuncs_source}); OOM/memcg: {oom_kfuncs}"),
            ("SYSCALL programs", yes[self.syscall_programs] + syscall_note),
            ("memory cgroup", memcg),
            ("cgroup v2", self.cgroup2_root or "not mounted"),
            ("PSI", f"{yes[self.psi]}; trigger windows {self._psi_windows()}"),
            ("CAP_SYS_RESOURCE", yes[self.cap_sys_resource]),
            ("tracefs", yes[self.tracefs]),
        ]
        width = max(len(k) for k, _ in rows)
        return "\n".join(f"{k:<{width}}  {v}" for k, v in rows)

    def _cgroup_attach(self) -> str:
        if not self.struct_ops_cgroup_attach:
            return "no"
        return "yes; links report their cgroup" if self.struct_ops_link_cgroup_id else "yes"

    def _psi_windows(self) -> str:
        lo, hi, step = (
            self.psi_trigger_min_window_us,
            self.psi_trigger_max_window_us,
            self.psi_trigger_window_step_us,
        )
        if lo is None or hi is None:
            return "-"
        steps = f" in steps of {step / 1e6:g} s" if step else " (any length)"
        return f"{lo / 1e6:g}-{hi / 1e6:g} s{steps}"


def kernel_version(release: str) -> tuple[int, int, int]:
    nums = [int(x) for x in re.findall(r"\d+", release.split("-")[0])[:3]] + [0, 0, 0]
    return nums[0], nums[1], nums[2]


def has_tracepoint(name: str) -> bool:
    """Whether the kernel has the tracepoint ``name`` (``tp_btf/<name>`` and ``raw_tp/<name>`` attach to it)."""
    spec = try_vmlinux()
    return spec is not None and spec.has("typedef", f"btf_trace_{name}")


def struct_ops_cgroup_attach(spec: BtfSpec) -> bool:
    """Whether struct_ops links can target a cgroup: the BPF OOM series adds ``cgroup`` to
    bpf_struct_ops_link (the kernel's own struct, never the bundled description's)."""
    if not spec.has("struct", "bpf_struct_ops_link"):
        return False
    return "cgroup" in spec.struct("bpf_struct_ops_link").member_names()


def struct_ops_link_cgroup_id(spec: BtfSpec) -> bool:
    """Whether struct_ops links report their cgroup: ``bpf_link_info``'s ``struct_ops`` member has ``cgroup_id``."""
    from pyoombpf.btf.types import Struct, strip

    if not spec.has("struct", "bpf_link_info"):
        return False
    found = spec.struct("bpf_link_info").find("struct_ops")
    member = strip(found[-1][1].type) if found else None
    return isinstance(member, Struct) and "cgroup_id" in member.member_names()


def _kfuncs(spec: BtfSpec) -> tuple[frozenset[str], str]:
    source = "bpf_kfunc decl tags" if spec.kfuncs_tagged else "bpf_* FUNC records (no decl tags: a superset)"
    return spec.kfuncs(), source


def probe_syscall_programs() -> tuple[bool, str | None]:
    insns = ffi.from_buffer("struct bpf_insn_raw[]", _TRIVIAL_PROGRAM)
    opts = ffi.new("struct bpf_prog_load_opts *")
    opts.sz = ffi.sizeof("struct bpf_prog_load_opts")
    opts.prog_flags = BPF_F_SLEEPABLE  # SYSCALL programs are sleepable (libbpf's SEC("syscall") sets it too)
    fd = lib.bpf_prog_load(BPF_PROG_TYPE_SYSCALL, b"pyoombpf_probe", b"GPL", insns, 2, opts)
    if fd < 0:
        err = _ffi.error_code(fd)
        return False, f"BPF_PROG_LOAD failed: {os.strerror(err)}"
    os.close(fd)
    return True, None


def _cgroup_mounts() -> tuple[int | None, str | None, str | None]:
    memcg_v1 = cgroup2 = None
    with open("/proc/self/mountinfo") as f:
        for line in f:
            pre, _, post = line.partition(" - ")
            fstype, _src, opts = (post.split() + ["", "", ""])[:3]
            mount_point = pre.split()[4]
            if fstype == "cgroup" and "memory" in opts.split(",") and memcg_v1 is None:
                memcg_v1 = mount_point
            elif fstype == "cgroup2" and cgroup2 is None:
                cgroup2 = mount_point
    if memcg_v1:
        return 1, memcg_v1, cgroup2
    if cgroup2 and "memory" in _read(os.path.join(cgroup2, "cgroup.controllers")).split():
        return 2, cgroup2, cgroup2
    return None, None, cgroup2


def _read(path: str) -> str:
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return ""


def _psi() -> tuple[bool, int | None, int | None, int | None, bool]:
    cap = has_cap(CAP_SYS_RESOURCE)
    if not _read("/proc/pressure/memory"):
        return False, None, None, None, cap
    # kernel/sched/psi.c: windows up to 10 s; without CAP_SYS_RESOURCE only whole multiples of 2 s
    return (
        (True, 500_000, None, PSI_WINDOW_MAX_US, cap) if cap else (True, 2_000_000, 2_000_000, PSI_WINDOW_MAX_US, cap)
    )


@functools.cache
def features() -> Features:
    """Probe once per process."""
    spec = try_vmlinux()
    release = os.uname().release
    syscall_ok, syscall_err = probe_syscall_programs()
    memcg_version, memcg_root, cgroup2_root = _cgroup_mounts()
    psi, win_min, win_step, win_max, cap_res = _psi()
    kfuncs, source = _kfuncs(spec) if spec else (frozenset(), "no kernel BTF")
    return Features(
        kernel_release=release,
        kernel_version=kernel_version(release),
        btf=spec is not None,
        struct_ops_types=tuple(probe.struct_ops_types(spec)),
        bpf_oom_abi=probe.oom_abi(spec),
        struct_ops_cgroup_attach=spec is not None and struct_ops_cgroup_attach(spec),
        struct_ops_link_cgroup_id=spec is not None and struct_ops_link_cgroup_id(spec),
        oom_tracepoints=tuple(t for t in OOM_TRACEPOINTS if has_tracepoint(t)),
        kfuncs=kfuncs,
        kfuncs_source=source,
        syscall_programs=syscall_ok,
        syscall_programs_error=syscall_err,
        memcg_version=memcg_version,
        memcg_root=memcg_root,
        cgroup2_root=cgroup2_root,
        psi=psi,
        psi_trigger_min_window_us=win_min,
        psi_trigger_window_step_us=win_step,
        psi_trigger_max_window_us=win_max,
        cap_sys_resource=cap_res,
        can_load_bpf=can_load_bpf(),
        tracefs=os.path.exists("/sys/kernel/tracing/events") or os.path.exists("/sys/kernel/debug/tracing/events"),
        libbpf_version=_ffi.LIBBPF_VERSION_STRING,
        libbpf_path=_ffi.LIBBPF_PATH,
        libbpf_native_struct_ops_link=_ffi.NATIVE_STRUCT_OPS_LINK,
    )
