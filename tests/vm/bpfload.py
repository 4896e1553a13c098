"""A tiny BPF loader for the VM tests (ctypes over the system's libbpf 1.1).

Stand-in until ``pyoombpf.runtime`` can load struct_ops policies: libbpf 1.1 knows neither
``.struct_ops.link`` nor ``struct_ops.s/``, so the tests load the ``*.libbpf11.bpf.o`` build of a policy and
restore what those section names mean (``BPF_F_LINK`` on the map, ``BPF_F_SLEEPABLE`` on the programs).
Attaching to a cgroup is a raw ``BPF_LINK_CREATE`` with ``BPF_F_CGROUP_FD``, which no libbpf wraps yet.
"""

from __future__ import annotations

import ctypes
import errno
import os
from types import TracebackType

BPF_MAP_LOOKUP_ELEM = 1
BPF_MAP_UPDATE_ELEM = 2
BPF_PROG_TEST_RUN = 10
BPF_LINK_CREATE = 28
BPF_STRUCT_OPS = 44
BPF_F_SLEEPABLE = 1 << 4
BPF_F_LINK = 1 << 13
BPF_F_CGROUP_FD = 1 << 7
SYS_BPF = 321  # x86-64
LOG_SIZE = 1 << 22

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long


def _lib() -> ctypes.CDLL:
    lib = ctypes.CDLL("libbpf.so.1", use_errno=True)
    vp, cp, i, u32 = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_uint32
    sigs: dict[str, tuple[object, list[object]]] = {
        "bpf_object__open_file": (vp, [cp, vp]),
        "bpf_object__load": (i, [vp]),
        "bpf_object__close": (None, [vp]),
        "bpf_object__next_program": (vp, [vp, vp]),
        "bpf_object__find_map_by_name": (vp, [vp, cp]),
        "bpf_object__find_program_by_name": (vp, [vp, cp]),
        "bpf_program__fd": (i, [vp]),
        "bpf_program__set_flags": (i, [vp, u32]),
        "bpf_program__set_autoload": (i, [vp, ctypes.c_bool]),
        "bpf_program__name": (cp, [vp]),
        "bpf_program__attach": (vp, [vp]),
        "bpf_program__set_log_buf": (i, [vp, cp, ctypes.c_size_t]),
        "bpf_program__set_log_level": (i, [vp, u32]),
        "bpf_map__set_map_flags": (i, [vp, u32]),
        "bpf_map__fd": (i, [vp]),
        "bpf_map__attach_struct_ops": (vp, [vp]),
        "bpf_link__destroy": (i, [vp]),
        "libbpf_get_error": (ctypes.c_long, [vp]),
    }
    for name, (res, args) in sigs.items():
        fn = getattr(lib, name)
        fn.restype, fn.argtypes = res, args
    return lib


class _LinkCreateAttr(ctypes.Structure):
    _fields_ = [
        ("map_fd", ctypes.c_uint32),
        ("target_fd", ctypes.c_uint32),
        ("attach_type", ctypes.c_uint32),
        ("flags", ctypes.c_uint32),
        ("_pad", ctypes.c_uint8 * 48),
    ]


class _MapElemAttr(ctypes.Structure):
    _fields_ = [
        ("map_fd", ctypes.c_uint32),
        ("_pad0", ctypes.c_uint32),
        ("key", ctypes.c_uint64),
        ("value", ctypes.c_uint64),
        ("flags", ctypes.c_uint64),
    ]


class _TestRunAttr(ctypes.Structure):
    _fields_ = [
        ("prog_fd", ctypes.c_uint32),
        ("retval", ctypes.c_uint32),
        ("data_size_in", ctypes.c_uint32),
        ("data_size_out", ctypes.c_uint32),
        ("data_in", ctypes.c_uint64),
        ("data_out", ctypes.c_uint64),
        ("repeat", ctypes.c_uint32),
        ("duration", ctypes.c_uint32),
        ("ctx_size_in", ctypes.c_uint32),
        ("ctx_size_out", ctypes.c_uint32),
        ("ctx_in", ctypes.c_uint64),
        ("ctx_out", ctypes.c_uint64),
        ("flags", ctypes.c_uint32),
        ("cpu", ctypes.c_uint32),
        ("batch_size", ctypes.c_uint32),
        ("_pad", ctypes.c_uint32),
    ]


def _bpf(cmd: int, attr: ctypes.Structure) -> int:
    ret = _libc.syscall(SYS_BPF, cmd, ctypes.byref(attr), ctypes.sizeof(attr))
    if ret < 0:
        err = ctypes.get_errno()
        raise OSError(err, f"bpf cmd {cmd}: {os.strerror(err)}")
    return int(ret)


class LoadError(RuntimeError):
    def __init__(self, what: str, err: int, log: str) -> None:
        super().__init__(f"{what}: {errno.errorcode.get(err, err)}\n{log}")
        self.errno = err
        self.log = log


class BpfObject:
    """One loaded object, optionally with a struct_ops map (``map_name``) to attach to cgroups.

    Every program is loaded sleepable (what ``struct_ops.s/``, ``tp_btf.s/`` and ``syscall`` sections mean)
    unless ``sleepable`` is false; ``only`` names the one program to load (the others are left out)."""

    def __init__(
        self,
        path: str,
        map_name: str | None = None,
        *,
        link_map: bool = True,
        sleepable: bool = True,
        only: str | None = None,
    ) -> None:
        self._lib = _lib()
        self._links: list[int] = []
        self._prog_links: list[int] = []
        self._value_link: int | None = None
        self._log = ctypes.create_string_buffer(LOG_SIZE)
        obj = self._lib.bpf_object__open_file(path.encode(), None)
        if not obj or self._lib.libbpf_get_error(obj):
            raise LoadError(f"opening {path}", ctypes.get_errno(), "")
        self._obj: int | None = obj
        prog = self._lib.bpf_object__next_program(obj, None)
        while prog:
            if sleepable:
                self._lib.bpf_program__set_flags(prog, BPF_F_SLEEPABLE)
            if only is not None and self._lib.bpf_program__name(prog).decode() != only:
                self._lib.bpf_program__set_autoload(prog, False)
            self._lib.bpf_program__set_log_buf(prog, self._log, LOG_SIZE)
            self._lib.bpf_program__set_log_level(prog, 1)
            prog = self._lib.bpf_object__next_program(obj, prog)
        self._map = self._lib.bpf_object__find_map_by_name(obj, map_name.encode()) if map_name else None
        if map_name and not self._map:
            self.close()
            raise LoadError(f"no map {map_name} in {path}", errno.ENOENT, "")
        if self._map and link_map:
            self._lib.bpf_map__set_map_flags(self._map, BPF_F_LINK)
        err = self._lib.bpf_object__load(obj)
        if err:
            log = self._log.value.decode(errors="replace")
            self.close()
            raise LoadError(f"loading {path}", -err, log)

    def push_value(self) -> None:
        """Write the struct_ops value (program fds) into the map.

        With ``BPF_F_LINK`` the kernel only stores it; without, this registers the map (map-update mode)."""
        link = self._lib.bpf_map__attach_struct_ops(self._map)
        err = self._lib.libbpf_get_error(link)
        if not link or err:
            raise OSError(-err if err else ctypes.get_errno(), "struct_ops map update failed")
        self._value_link = link

    def attach(self, cgroup_dir: str | None, *, flags: int | None = None) -> int:
        """Raw BPF_LINK_CREATE of the map at ``cgroup_dir``; returns the link fd (see :meth:`detach`)."""
        if self._value_link is None:
            self.push_value()
        cg_fd = os.open(cgroup_dir, os.O_RDONLY | os.O_DIRECTORY) if cgroup_dir else 0
        try:
            attr = _LinkCreateAttr(
                map_fd=self.map_fd,
                target_fd=cg_fd,
                attach_type=BPF_STRUCT_OPS,
                flags=BPF_F_CGROUP_FD if flags is None and cgroup_dir else (flags or 0),
            )
            fd = _bpf(BPF_LINK_CREATE, attr)
        finally:
            if cgroup_dir:
                os.close(cg_fd)
        self._links.append(fd)
        return fd

    def attach_program(self, prog_name: str) -> None:
        """Attach a program by its section (``tp_btf/``...); detached on close."""
        assert self._obj is not None
        prog = self._lib.bpf_object__find_program_by_name(self._obj, prog_name.encode())
        if not prog:
            raise KeyError(prog_name)
        link = self._lib.bpf_program__attach(prog)
        err = self._lib.libbpf_get_error(link)
        if not link or err:
            raise OSError(-err if err else ctypes.get_errno(), f"attaching {prog_name} failed")
        self._prog_links.append(link)

    def detach(self, link_fd: int) -> None:
        self._links.remove(link_fd)
        os.close(link_fd)

    @property
    def map_fd(self) -> int:
        return int(self._lib.bpf_map__fd(self._map))

    def run(self, prog_name: str, ctx: bytes) -> int:
        """BPF_PROG_RUN a SYSCALL program with ``ctx`` as its argument; returns its (signed) return value."""
        assert self._obj is not None
        prog = self._lib.bpf_object__find_program_by_name(self._obj, prog_name.encode())
        if not prog:
            raise KeyError(prog_name)
        buf = ctypes.create_string_buffer(ctx, len(ctx))
        attr = _TestRunAttr(prog_fd=self._lib.bpf_program__fd(prog), ctx_size_in=len(ctx), ctx_in=ctypes.addressof(buf))
        _bpf(BPF_PROG_TEST_RUN, attr)
        return ctypes.c_int32(attr.retval).value

    def map_by_name(self, name: str) -> int:
        assert self._obj is not None
        m = self._lib.bpf_object__find_map_by_name(self._obj, name.encode())
        if not m:
            raise KeyError(name)
        return int(self._lib.bpf_map__fd(m))

    def lookup(self, map_name: str, key: int, size: int) -> bytes:
        k, v = ctypes.c_uint32(key), ctypes.create_string_buffer(size)
        attr = _MapElemAttr(map_fd=self.map_by_name(map_name), key=ctypes.addressof(k), value=ctypes.addressof(v))
        _bpf(BPF_MAP_LOOKUP_ELEM, attr)
        return v.raw

    def lookup_u64(self, map_name: str, key: int) -> int:
        k, v = ctypes.c_uint32(key), ctypes.c_uint64(0)
        attr = _MapElemAttr(map_fd=self.map_by_name(map_name), key=ctypes.addressof(k), value=ctypes.addressof(v))
        _bpf(BPF_MAP_LOOKUP_ELEM, attr)
        return int(v.value)

    def update(self, map_name: str, key: bytes, value: bytes) -> None:
        kb, vb = ctypes.create_string_buffer(key, len(key)), ctypes.create_string_buffer(value, len(value))
        attr = _MapElemAttr(map_fd=self.map_by_name(map_name), key=ctypes.addressof(kb), value=ctypes.addressof(vb))
        _bpf(BPF_MAP_UPDATE_ELEM, attr)

    def close(self) -> None:
        for fd in self._links:
            os.close(fd)
        self._links.clear()
        for link in self._prog_links:
            self._lib.bpf_link__destroy(link)
        self._prog_links.clear()
        if self._value_link is not None:
            self._lib.bpf_link__destroy(self._value_link)
            self._value_link = None
        if self._obj is not None:
            self._lib.bpf_object__close(self._obj)
            self._obj = None

    def __enter__(self) -> BpfObject:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
