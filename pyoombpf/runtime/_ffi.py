"""The cffi binding: libbpf (ABI mode, hand-written declarations), libc, libbpf's log routed to ``logging``.

The library is ``libbpf.so.1`` from the dynamic loader's search path, or the file named by
``PYOOMBPF_LIBBPF``. Everything that talks to libbpf goes through :data:`lib`; the raw ``bpf()`` system call
(for commands older libbpf cannot express) goes through :func:`bpf_syscall`.
"""

from __future__ import annotations

import contextlib
import errno as _errno
import logging
import os
import platform
import threading
from collections.abc import Iterator
from importlib import resources
from typing import Any

import cffi

from pyoombpf.errors import NotSupportedError

LIBBPF_ENV = "PYOOMBPF_LIBBPF"
SYS_BPF = {"x86_64": 321, "aarch64": 280}.get(platform.machine(), 321)  # __NR_bpf
BPF_LINK_CREATE = 28
ATTR_SIZE = 128

log = logging.getLogger("pyoombpf.libbpf")
log.addHandler(logging.NullHandler())  # never fall back to logging's stderr "last resort"

ffi = cffi.FFI()
ffi.cdef(resources.files("pyoombpf.runtime").joinpath("libbpf_cdefs.h").read_text())
# Buffers that are filled before being read (verifier logs, map values) need no zeroing.
new_uninit = ffi.new_allocator(should_clear_after_alloc=False)


def _open_library() -> Any:
    path = os.environ.get(LIBBPF_ENV) or "libbpf.so.1"
    try:
        return ffi.dlopen(path)
    except OSError as exc:
        raise NotSupportedError(
            f"libbpf ({path})",
            "pyoombpf needs libbpf 1.1 or newer (Debian 12: apt-get install libbpf1)",
            f"set {LIBBPF_ENV} to the path of a libbpf.so.1 if it is installed elsewhere ({exc})",
        ) from None


lib: Any = _open_library()
libc: Any = ffi.dlopen(None)
LIBBPF_VERSION: tuple[int, int] = (int(lib.libbpf_major_version()), int(lib.libbpf_minor_version()))
LIBBPF_VERSION_STRING: str = ffi.string(lib.libbpf_version_string()).decode()


def _loaded_file() -> str:
    """The real path of the libbpf the loader picked (its file name carries the full version)."""
    with contextlib.suppress(OSError), open("/proc/self/maps") as f:
        for line in f:
            path = line.split()[-1]
            if "/libbpf.so" in path:
                return os.path.realpath(path)
    return os.environ.get(LIBBPF_ENV) or "libbpf.so.1"


LIBBPF_PATH: str = _loaded_file()

if LIBBPF_VERSION < (1, 1):
    raise NotSupportedError(
        f"libbpf {LIBBPF_VERSION_STRING}", "pyoombpf needs libbpf 1.1 or newer", "install Debian 12's libbpf1"
    )

# libbpf understands `.struct_ops.link` maps and `struct_ops.s/` programs from 1.2 on; older ones get the
# object rewritten (see pyoombpf.runtime.elf) and the link created with a raw BPF_LINK_CREATE.
NATIVE_STRUCT_OPS_LINK: bool = LIBBPF_VERSION >= (1, 2)

# ------------------------------------------------------------------------------------------ libbpf's messages

_LEVELS = (logging.WARNING, logging.INFO, logging.DEBUG)
_captured = threading.local()


@ffi.callback("int(int, const char *, void *)")
def _print(level: int, fmt: Any, ap: Any) -> int:
    py_level = _LEVELS[level] if 0 <= level < len(_LEVELS) else logging.DEBUG
    sink = getattr(_captured, "sink", None) if py_level >= logging.INFO else None
    if sink is None and not log.isEnabledFor(py_level):
        return 0  # libbpf is chatty at debug level: format only what someone will read
    buf = ffi.new("char[]", 2048)
    libc.vsnprintf(buf, len(buf), fmt, ap)
    text = ffi.string(buf).decode(errors="replace").rstrip("\n")
    if sink is not None:
        sink.append(text)
    log.log(py_level, "%s", text)
    return 0


lib.libbpf_set_print(_print)


@contextlib.contextmanager
def capture() -> Iterator[list[str]]:
    """Collect libbpf's warning and info messages emitted by this thread inside the block (they still get
    logged)."""
    outer = getattr(_captured, "sink", None)
    sink: list[str] = []
    _captured.sink = sink
    try:
        yield sink
    finally:
        _captured.sink = outer
        if outer is not None:
            outer.extend(sink)


# ------------------------------------------------------------------------------------------ errors and
# syscalls


def error_code(ret: int) -> int:
    """The positive errno of a failed libbpf call that returned ``ret`` (libbpf returns ``-errno`` or
    -1+errno)."""
    if ret < -1:
        return -ret
    return ffi.errno or _errno.EIO


def pointer_error() -> int:
    """The errno a libbpf call that returned NULL left behind."""
    return ffi.errno or _errno.EIO


def bpf_syscall(cmd: int, attr: Any) -> int:
    """Run ``bpf(cmd, attr, 128)``; returns the result, or ``-errno``."""
    ret = int(libc.syscall(SYS_BPF, ffi.cast("int", cmd), attr, ffi.cast("unsigned int", ATTR_SIZE)))
    return ret if ret >= 0 else -(ffi.errno or _errno.EIO)


def link_create(map_or_prog_fd: int, target_fd: int, attach_type: int, flags: int) -> int:
    """Raw ``BPF_LINK_CREATE``: returns a new link fd or ``-errno``."""
    attr = ffi.new("struct pyoombpf_link_create *")
    attr.prog_or_map_fd = map_or_prog_fd
    attr.target_fd = target_fd
    attr.attach_type = attach_type
    attr.flags = flags
    return bpf_syscall(BPF_LINK_CREATE, attr)


def cstr(ptr: Any) -> str:
    """A C string as ``str`` ('' for NULL)."""
    return "" if ptr == ffi.NULL else ffi.string(ptr).decode(errors="replace")


def trim_heap() -> None:
    """Give freed C heap back to the kernel (glibc ``malloc_trim``): makes RSS measurements meaningful."""
    libc.malloc_trim(0)
