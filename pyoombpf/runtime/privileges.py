"""Who may load BPF: effective uid and capabilities of this process."""

from __future__ import annotations

import os

CAP_SYS_ADMIN = 21
CAP_SYS_RESOURCE = 24
CAP_PERFMON = 38
CAP_BPF = 39


def effective_caps() -> int:
    """The CapEff bit mask of this process (0 when /proc is unreadable)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("CapEff:"):
                    return int(line.split()[1], 16)
    except OSError:
        pass
    return 0


def has_cap(cap: int) -> bool:
    return bool(effective_caps() >> cap & 1)


def can_load_bpf() -> bool:
    """True when this process should be allowed to load tracing/struct_ops programs."""
    return os.geteuid() == 0 or (has_cap(CAP_BPF) and has_cap(CAP_PERFMON))


def privilege_problem() -> str | None:
    """Why this process cannot load BPF programs, or None."""
    if can_load_bpf() and (os.geteuid() == 0 or has_cap(CAP_SYS_ADMIN)):
        return None
    missing = [
        n
        for n, c in (("CAP_BPF", CAP_BPF), ("CAP_PERFMON", CAP_PERFMON), ("CAP_SYS_ADMIN", CAP_SYS_ADMIN))
        if not has_cap(c)
    ]
    return (
        f"loading BPF programs needs root (or {', '.join(missing)}); this process runs with euid "
        f"{os.geteuid()}: run it as root (sudo) or grant those capabilities"
    )
