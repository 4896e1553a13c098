"""The OOM and PSI handlers attached on this system, whoever attached them (``pyoombpf status``).

Read from the kernel's list of BPF links: struct_ops links registering a ``bpf_oom_ops`` or ``bpf_psi_ops`` map
(with the attach cgroup the BPF OOM series reports) and tracepoint links on ``psi_avgs_work`` (the v3 PSI form).
"""

from __future__ import annotations

import os
import struct
from dataclasses import asdict, dataclass

from pyoombpf.runtime import linkinfo
from pyoombpf.runtime._ffi import ffi, lib

OOM_TYPES = ("bpf_oom_ops", "bpf_psi_ops")
PSI_TRACEPOINT = "psi_avgs_work"
_PROG_INFO_SIZE = 80  # up to the program name (offset 64, 16 bytes)


@dataclass(frozen=True)
class Attachment:
    """One attached handler.  ``kind`` is the struct_ops type or ``tp_btf/<tracepoint>``; ``name`` the map's (a
    policy's struct_ops value is named after it) or the program's; ``cgroup_id`` 0 for system-wide ones."""

    link_id: int
    kind: str
    name: str
    cgroup_id: int
    cgroup_path: str | None
    #: the kernel detached it (its cgroup went away); the link is still open somewhere
    detached: bool

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    def to_text(self) -> str:
        where = f"cgroup {self.cgroup_path or '(removed)'} (id {self.cgroup_id})" if self.cgroup_id else "system-wide"
        state = "  DETACHED: its cgroup is gone" if self.detached else ""
        return f"{self.kind:<22} {self.name:<16} {where}  [link {self.link_id}]{state}"


def attachments(cgroup_root: str | None = None) -> list[Attachment]:
    """Every attached OOM/PSI handler; cgroup ids are named below ``cgroup_root`` (default: the cgroup v2 mount)."""
    from pyoombpf.runtime.cgroup import cgroup_path
    from pyoombpf.runtime.features import features

    root = cgroup_root or features().cgroup2_root or "/sys/fs/cgroup"
    out = []
    for info in linkinfo.all_links():
        kind, name = _describe(info)
        if not kind:
            continue
        path = cgroup_path(info.cgroup_id, root) if info.cgroup_id else None
        out.append(Attachment(info.id, kind, name, info.cgroup_id, path, info.detached and info.cgroup_id != 0))
    return out


def _describe(info: linkinfo.LinkInfo) -> tuple[str, str]:
    if info.type == "struct_ops":
        found = _struct_ops_map(info.map_id) if info.map_id else None
        if found is None:  # detached: the map is no longer named by the link
            return ("bpf_oom_ops", "?") if info.cgroup_id else ("", "")
        return found if found[0] in OOM_TYPES else ("", "")
    if info.type == "raw_tracepoint" and info.tp_name == PSI_TRACEPOINT:
        return f"tp_btf/{PSI_TRACEPOINT}", _prog_name(info.prog_id)
    return "", ""


def _struct_ops_map(map_id: int) -> tuple[str, str] | None:
    from pyoombpf.btf import try_vmlinux

    m = linkinfo.map_info(map_id)
    spec = try_vmlinux()
    if m is None or spec is None or not m.btf_vmlinux_value_type_id:
        return None
    value_type = getattr(spec.type_by_id(m.btf_vmlinux_value_type_id), "name", "")
    return value_type.removeprefix("bpf_struct_ops_"), m.name


def _prog_name(prog_id: int) -> str:
    fd = lib.bpf_prog_get_fd_by_id(prog_id)
    if fd < 0:
        return "?"
    try:
        buf = ffi.new("char[]", _PROG_INFO_SIZE)
        size = ffi.new("uint32_t *", _PROG_INFO_SIZE)
        if lib.bpf_obj_get_info_by_fd(fd, buf, size) < 0:
            return "?"
        raw = bytes(ffi.buffer(buf))
    finally:
        os.close(fd)
    return struct.unpack_from("16s", raw, 64)[0].split(b"\0")[0].decode(errors="replace") or "?"
