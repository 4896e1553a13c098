"""What the kernel reports about BPF links: ``bpf_link_info`` (``BPF_OBJ_GET_INFO_BY_FD``), the link's fdinfo, its
EPOLLHUP, and the struct_ops links of the whole system (``pyoombpf status``).

A struct_ops link of the BPF OOM series reports its attach cgroup (``bpf_link_info.struct_ops.cgroup_id``, and
``cgroup_id:`` in fdinfo).  When the cgroup goes away the kernel detaches the link: its ``map_id`` becomes 0 and a
poll on it reports ``EPOLLHUP``.  A kernel without the series reports ``cgroup_id`` 0.
"""

from __future__ import annotations

import errno as _errno
import os
import select
import struct
import time
from dataclasses import dataclass

from pyoombpf.errors import KernelError
from pyoombpf.runtime import _ffi
from pyoombpf.runtime._ffi import ffi, lib

#: enum bpf_link_type
LINK_TYPES = {
    1: "raw_tracepoint",
    2: "tracing",
    3: "cgroup",
    4: "iter",
    5: "netns",
    6: "xdp",
    7: "perf_event",
    8: "kprobe_multi",
    9: "struct_ops",
    10: "netfilter",
    11: "tcx",
    12: "uprobe_multi",
    13: "netkit",
    14: "sockmap",
}
STRUCT_OPS, RAW_TRACEPOINT = 9, 1
_INFO_SIZE = 64  # type, id, prog_id, then the per-type union (at offset 16)
_MAP_INFO_SIZE = 88  # up to btf_vmlinux_value_type_id and a little more
_TP_NAME_LEN = 128


@dataclass(frozen=True)
class LinkInfo:
    """One link as the kernel describes it.  ``map_id`` and ``cgroup_id`` are for struct_ops links (0 otherwise);
    ``tp_name`` for raw tracepoint links (``tp_btf/`` programs)."""

    id: int
    type: str
    prog_id: int
    map_id: int = 0
    cgroup_id: int = 0
    tp_name: str = ""

    @property
    def detached(self) -> bool:
        """A struct_ops link that no longer registers a map (closed, detached, or its cgroup went away)."""
        return self.type == "struct_ops" and self.map_id == 0


def link_info(fd: int) -> LinkInfo:
    """``bpf_link_info`` of the link ``fd``.  Raises :class:`~pyoombpf.errors.KernelError` if ``fd`` is no link."""
    raw = _get_info(fd)
    kind, link_id, prog_id = struct.unpack_from("<III", raw)
    type_name = LINK_TYPES.get(kind, f"type {kind}")
    if kind == STRUCT_OPS:
        map_id, cgroup_id = struct.unpack_from("<I4xQ", raw, 16)
        return LinkInfo(link_id, type_name, prog_id, map_id=map_id, cgroup_id=cgroup_id)
    if kind == RAW_TRACEPOINT:
        # the kernel copies the input in before filling: only now, knowing the type, pass a name buffer
        name = ffi.new("char[]", _TP_NAME_LEN)
        _get_info(fd, struct.pack("<QI", int(ffi.cast("uintptr_t", name)), _TP_NAME_LEN))
        return LinkInfo(link_id, type_name, prog_id, tp_name=_ffi.cstr(name))
    return LinkInfo(link_id, type_name, prog_id)


def _get_info(fd: int, union_in: bytes = b"") -> bytes:
    buf = ffi.new("char[]", _INFO_SIZE)
    ffi.buffer(buf)[16 : 16 + len(union_in)] = union_in
    size = ffi.new("uint32_t *", _INFO_SIZE)
    ret = lib.bpf_obj_get_info_by_fd(fd, buf, size)
    if ret < 0:
        err = _ffi.error_code(ret)
        raise KernelError(f"reading the BPF link info of fd {fd} failed: {os.strerror(err)} ({err})")
    return bytes(ffi.buffer(buf))


def fdinfo(fd: int) -> dict[str, str]:
    """The link's ``/proc/self/fdinfo`` lines as a dict (``link_type``, ``link_id``, ``map_id``, ``cgroup_id``...)."""
    out = {}
    with open(f"/proc/self/fdinfo/{fd}") as f:
        for line in f:
            key, sep, value = line.partition(":")
            if sep:
                out[key.strip()] = value.strip()
    return out


def hung_up(fd: int, timeout: float = 0.0) -> bool:
    """Whether the link reports ``EPOLLHUP`` (the kernel detached it), waiting up to ``timeout`` seconds."""
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    deadline = time.monotonic() + max(timeout, 0.0)
    while True:
        left_ms = max(0, int((deadline - time.monotonic()) * 1000))
        try:
            events = poller.poll(left_ms)
        except InterruptedError:  # pragma: no cover - PEP 475 retries; kept for clarity
            continue
        if any(ev & (select.POLLHUP | select.POLLERR) for _, ev in events):
            return True
        if left_ms == 0:
            return False


# --------------------------------------------------------------------------------------------- system-wide


@dataclass(frozen=True)
class MapInfo:
    id: int
    name: str
    #: the kernel's BTF id of the struct_ops value type (``bpf_struct_ops_<type>``), 0 for other maps
    btf_vmlinux_value_type_id: int


def map_info(map_id: int) -> MapInfo | None:
    """The map with id ``map_id`` (None if it is gone)."""
    fd = lib.bpf_map_get_fd_by_id(map_id)
    if fd < 0:
        return None
    try:
        buf = ffi.new("char[]", _MAP_INFO_SIZE)
        size = ffi.new("uint32_t *", _MAP_INFO_SIZE)
        if lib.bpf_obj_get_info_by_fd(fd, buf, size) < 0:
            return None
        raw = bytes(ffi.buffer(buf))
    finally:
        os.close(fd)
    name = raw[24:40].split(b"\0")[0].decode(errors="replace")
    return MapInfo(struct.unpack_from("<I", raw, 4)[0], name, struct.unpack_from("<I", raw, 44)[0])


def all_links() -> list[LinkInfo]:
    """Every BPF link of the system (needs ``CAP_SYS_ADMIN``), in id order."""
    out = []
    next_id = ffi.new("uint32_t *")
    current = 0
    while (ret := lib.bpf_link_get_next_id(current, next_id)) == 0:
        current = int(next_id[0])
        fd = lib.bpf_link_get_fd_by_id(current)
        if fd < 0:
            if _ffi.error_code(fd) == _errno.ENOENT:
                continue  # closed meanwhile
            raise KernelError(f"opening BPF link {current} failed: {os.strerror(_ffi.error_code(fd))}")
        try:
            out.append(link_info(fd))
        finally:
            os.close(fd)
    code = _ffi.error_code(ret)
    if code != _errno.ENOENT:  # ENOENT: past the last link; anything else is no list at all, not an empty one
        why = " (it needs root, CAP_SYS_ADMIN: run it with sudo)" if code == _errno.EPERM else ""
        raise KernelError(f"listing the kernel's BPF links failed: {os.strerror(code)}{why}")
    return out
