"""The ``bpf(2)`` commands on file descriptors that are already there: run a program, read and write a map, ask
the kernel what a map is.  Plain system calls through :mod:`ctypes`, no libbpf.

Loading needs libbpf (relocations, CO-RE, kfuncs: :mod:`pyoombpf.runtime.object`); using what is loaded does not.
The bridge relay works only with what this module offers, so the long-running process maps neither cffi nor
libbpf (docs/design.md, *The relay's footprint*).  It imports nothing beyond the standard library's ``ctypes``,
``os`` and ``struct`` at run time.

Each call takes an fd and byte buffers and raises :class:`OSError` (``errno`` set) when the kernel refuses.
"""

from __future__ import annotations

import ctypes
import os
import struct

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

SYS_BPF = {"x86_64": 321, "aarch64": 280}.get(os.uname().machine, 321)  # __NR_bpf
MAP_LOOKUP_ELEM, MAP_UPDATE_ELEM, MAP_DELETE_ELEM, MAP_GET_NEXT_KEY = 1, 2, 3, 4
PROG_TEST_RUN = 10
OBJ_GET_INFO_BY_FD = 15
ATTR_SIZE = 128  # what we pass: large enough for every command used here, zero-filled

_libc = ctypes.CDLL(None, use_errno=True)
_syscall = _libc.syscall
_syscall.restype = ctypes.c_long
_syscall.argtypes = (ctypes.c_long, ctypes.c_int, ctypes.c_void_p, ctypes.c_uint)

# union bpf_attr, the members used here (little endian, see include/uapi/linux/bpf.h)
_ELEM = struct.Struct("<I4xQQQ")  # map_fd, key, value (or next_key), flags
_TEST_RUN = struct.Struct(
    "<IIIIQQIIIIQQII"
)  # prog_fd, retval, data sizes, data ptrs, repeat, duration, ctx sizes, ctx ptrs, flags, cpu
_INFO = struct.Struct("<IIQ")  # bpf_fd, info_len, info
_MAP_INFO = struct.Struct("<IIIIII16s")  # type, id, key_size, value_size, max_entries, map_flags, name


class TestRun:
    """Result of ``BPF_PROG_RUN``: the program's return value, the context after the run and the run's duration."""

    __slots__ = ("retval", "ctx_out", "duration_ns")

    def __init__(self, retval: int, ctx_out: bytes, duration_ns: int = 0) -> None:
        self.retval, self.ctx_out, self.duration_ns = retval, ctx_out, duration_ns

    def __repr__(self) -> str:
        return f"TestRun(retval={self.retval}, ctx_out={self.ctx_out!r}, duration_ns={self.duration_ns})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TestRun):
            return NotImplemented
        return (self.retval, self.ctx_out, self.duration_ns) == (other.retval, other.ctx_out, other.duration_ns)

    __hash__ = None  # type: ignore[assignment]


def _address(buf: bytearray) -> int:
    return ctypes.addressof((ctypes.c_char * len(buf)).from_buffer(buf)) if buf else 0


def bpf(cmd: int, attr: bytearray) -> int:
    """``bpf(cmd, attr, sizeof attr)``; the result, or :class:`OSError`.  ``attr`` is written back by the kernel
    for commands that return values in it."""
    ret = _syscall(SYS_BPF, cmd, _address(attr), len(attr))
    if ret < 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))
    return ret


def _attr(layout: struct.Struct, *values: int) -> bytearray:
    buf = bytearray(ATTR_SIZE)
    layout.pack_into(buf, 0, *values)
    return buf


def prog_test_run(prog_fd: int, ctx: bytes | bytearray | None = None) -> TestRun:
    """Run a program once (``BPF_PROG_TEST_RUN``).  A SYSCALL program's context is copied in, and back out into
    :attr:`TestRun.ctx_out`."""
    buf = bytearray(ctx) if ctx else bytearray()
    attr = _attr(_TEST_RUN, prog_fd, 0, 0, 0, 0, 0, 0, 0, len(buf), 0, _address(buf), 0, 0, 0)
    bpf(PROG_TEST_RUN, attr)
    fields = _TEST_RUN.unpack_from(attr)
    return TestRun(fields[1], bytes(buf), fields[7])


def map_lookup(map_fd: int, key: bytes, value_size: int) -> bytes | None:
    """The value at ``key`` (``value_size`` bytes: for per-CPU maps every CPU's), None when there is none."""
    k, out = bytearray(key), bytearray(value_size)
    try:
        bpf(MAP_LOOKUP_ELEM, _attr(_ELEM, map_fd, _address(k), _address(out), 0))
    except FileNotFoundError:
        return None
    return bytes(out)


def map_update(map_fd: int, key: bytes, value: bytes, flags: int = 0) -> None:
    k, v = bytearray(key), bytearray(value)
    bpf(MAP_UPDATE_ELEM, _attr(_ELEM, map_fd, _address(k), _address(v), flags))


def map_delete(map_fd: int, key: bytes) -> None:
    """Delete ``key``; :class:`FileNotFoundError` when it is not there."""
    k = bytearray(key)
    bpf(MAP_DELETE_ELEM, _attr(_ELEM, map_fd, _address(k), 0, 0))


def map_keys(map_fd: int, key_size: int) -> Iterator[bytes]:
    """Every key, in the kernel's order (``BPF_MAP_GET_NEXT_KEY`` from no key on)."""
    cur: bytearray | None = None
    nxt = bytearray(key_size)
    while True:
        try:
            bpf(MAP_GET_NEXT_KEY, _attr(_ELEM, map_fd, _address(cur) if cur else 0, _address(nxt), 0))
        except FileNotFoundError:
            return
        key = bytes(nxt)
        yield key
        cur = bytearray(key)


def _info(fd: int, size: int) -> bytes:
    info = bytearray(size)
    bpf(OBJ_GET_INFO_BY_FD, _attr(_INFO, fd, size, _address(info)))
    return bytes(info)


class MapInfo:
    """What the kernel says about a map (``struct bpf_map_info``)."""

    __slots__ = ("type_id", "id", "key_size", "value_size", "max_entries", "flags", "name")

    def __init__(self, fd: int) -> None:
        raw = _info(fd, _MAP_INFO.size)
        self.type_id, self.id, self.key_size, self.value_size, self.max_entries, self.flags, name = (
            _MAP_INFO.unpack_from(raw)
        )
        self.name = name.split(b"\0", 1)[0].decode(errors="replace")
