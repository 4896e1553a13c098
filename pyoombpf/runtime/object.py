"""BPF objects: open from ELF bytes, configure, load (with errors that explain themselves), programs."""

from __future__ import annotations

import errno as _errno
import re
from typing import Any

from pyoombpf import sourcetext
from pyoombpf.elf import loop_table
from pyoombpf.errors import (
    AttachError,
    KernelError,
    LoadError,
    NotSupportedError,
    PrivilegeError,
    VerifierError,
)
from pyoombpf.objspec import ObjectSpec
from pyoombpf.runtime import _ffi, elf, verifier_log
from pyoombpf.runtime._btf import Btf
from pyoombpf.runtime._ffi import capture, cstr, ffi, lib
from pyoombpf.runtime._resource import KernelResource
from pyoombpf.runtime.bpfsys import TestRun, prog_test_run
from pyoombpf.runtime.codec import Codec, IntCodec
from pyoombpf.runtime.features import features
from pyoombpf.runtime.links import Link, StructOps
from pyoombpf.runtime.maps import MAP_TYPE_STRUCT_OPS, Map
from pyoombpf.runtime.privileges import privilege_problem
from pyoombpf.runtime.requirements import kfunc_unsupported, struct_ops_unsupported

BPF_F_SLEEPABLE = 1 << 4
BPF_F_LINK = 1 << 13
BPF_PROG_TYPE_SYSCALL = 31
INITIAL_LOG_SIZE = 1 << 20
MAX_LOG_SIZE = 1 << 26

_FAILED_PROG = re.compile(r"prog '([^']+)': (?:BPF program load failed|failed to load)")
_MISSING_KFUNC = re.compile(r"extern \(func ksym\) '(\w+)': not found in kernel")
_MISSING_STRUCT_OPS = re.compile(r"struct_ops init_kern: struct (\w+) is not found in kernel BTF")


class _Handle:
    """The libbpf object pointer and the buffers it borrows; what the finalizer releases."""

    def __init__(self) -> None:
        self.ptr: Any = ffi.NULL
        self.keep: tuple[Any, ...] = ()

    def close(self) -> None:
        if self.ptr != ffi.NULL:
            lib.bpf_object__close(self.ptr)
        self.ptr = ffi.NULL
        self.keep = ()


def _last(msgs: list[str]) -> str:
    """libbpf's most specific message: the last one, skipping log banners and the generic closing line."""
    useful = [m for m in msgs if m.strip() and not m.startswith("libbpf: -- ") and "failed to load object" not in m]
    return useful[-1].removeprefix("libbpf: ") if useful else "libbpf gave no details"


def _first_about(msgs: list[str], program: str) -> str:
    """libbpf's first message about ``program`` (the cause; later ones only say that loading failed)."""
    prefix = f"libbpf: prog '{program}': "
    about = [m.removeprefix(prefix) for m in msgs if m.startswith(prefix)]
    return about[0] if about else "libbpf gave no details"


class BpfObject(KernelResource):
    """A BPF ELF object opened by libbpf.  Open with :meth:`open`, configure, :meth:`load`, then use."""

    _what = "BPF object"

    def __init__(
        self, elf_bytes: bytes, name: str = "pyoombpf", btf_custom_path: str | None = None, log_level: int = 0
    ) -> None:
        self.name = name
        self._btf_custom_path = btf_custom_path
        self._log_level = log_level
        try:
            elf.sections(elf_bytes)
            self._adapted = elf.adapt(elf_bytes, struct_ops=not _ffi.NATIVE_STRUCT_OPS_LINK)
        except ValueError as exc:
            raise LoadError(f"cannot open BPF object {name!r}: {exc}", _errno.EINVAL) from None
        self._rodata: list[tuple[str, bytes]] = []
        self._loaded = False
        self._failed = False
        self._struct_ops_pushed: set[str] = set()
        self._handle = _Handle()
        self._track(self._handle.close)
        self._log: Any = None
        self._open(INITIAL_LOG_SIZE)

    @classmethod
    def open(
        cls, elf: bytes, name: str = "pyoombpf", btf_custom_path: str | None = None, log_level: int = 0
    ) -> BpfObject:
        """Open an object from its ELF bytes (nothing reaches the kernel before :meth:`load`).  ``log_level`` 1 or
        2 asks the verifier for its log of every load, not only of a failed one (a diagnosis: it is slower)."""
        return cls(elf, name, btf_custom_path, log_level)

    def __repr__(self) -> str:
        state = "closed" if self.closed else "loaded" if self._loaded else "opened"
        return f"<BpfObject {self.name!r} {state}>"

    # ---------------------------------------------------------------- opening
    def _open(self, log_size: int) -> None:
        self._handle.close()
        data = self._adapted.elf
        log = _ffi.new_uninit("char[]", log_size)
        log[0] = b"\0"
        opts = ffi.new("struct bpf_object_open_opts *")
        opts.sz = ffi.sizeof("struct bpf_object_open_opts")
        c_name = ffi.new("char[]", self.name.encode())
        opts.object_name = c_name
        c_btf = ffi.new("char[]", self._btf_custom_path.encode()) if self._btf_custom_path else ffi.NULL
        opts.btf_custom_path = c_btf
        opts.kernel_log_buf = log
        opts.kernel_log_size = log_size
        opts.kernel_log_level = self._log_level  # 0: libbpf asks for a log (level 1) only when a load fails
        with capture() as msgs:
            ptr = lib.bpf_object__open_mem(ffi.from_buffer(data), len(data), opts)
        if ptr == ffi.NULL:
            raise LoadError(f"libbpf cannot open BPF object {self.name!r}: {_last(msgs)}", _ffi.pointer_error())
        self._handle.ptr = ptr
        self._handle.keep = (data, log, c_name, c_btf)
        self._log = log
        self._log_size = log_size
        self._restore_meaning()
        for var, value in self._rodata:
            self._write_rodata(var, value)

    def _restore_meaning(self) -> None:
        """Flags that section names carry in newer libbpf (see pyoombpf.runtime.elf), and BPF_F_LINK
        everywhere."""
        for prog in self._iter_programs():
            if cstr(lib.bpf_program__section_name(prog)) in self._adapted.sleepable_sections:
                lib.bpf_program__set_flags(prog, lib.bpf_program__flags(prog) | BPF_F_SLEEPABLE)
        for map_ptr in self._iter_maps():
            if lib.bpf_map__type(map_ptr) == MAP_TYPE_STRUCT_OPS:
                lib.bpf_map__set_map_flags(map_ptr, lib.bpf_map__map_flags(map_ptr) | BPF_F_LINK)

    def _iter_programs(self) -> list[Any]:
        out, prog = [], lib.bpf_object__next_program(self._handle.ptr, ffi.NULL)
        while prog != ffi.NULL:
            out.append(prog)
            prog = lib.bpf_object__next_program(self._handle.ptr, prog)
        return out

    def _iter_maps(self) -> list[Any]:
        out, m = [], lib.bpf_object__next_map(self._handle.ptr, ffi.NULL)
        while m != ffi.NULL:
            out.append(m)
            m = lib.bpf_object__next_map(self._handle.ptr, m)
        return out

    # ---------------------------------------------------------------- configuration
    def set_rodata(self, name: str, value: bytes) -> None:
        """Set a read-only global (``const volatile`` in C, a config value) before :meth:`load`."""
        self._require_open()
        if self._loaded:
            raise KernelError(f"set_rodata({name!r}) after load(): read-only data is frozen at load; set it before")
        self._write_rodata(name, bytes(value))
        self._rodata = [(n, v) for n, v in self._rodata if n != name] + [(name, bytes(value))]

    def _write_rodata(self, name: str, value: bytes) -> None:
        btf = Btf(lib.bpf_object__btf(self._handle.ptr), owned=False)
        if btf.ptr == ffi.NULL:
            raise KernelError(f"object {self.name!r} has no BTF, so its read-only variables cannot be found by name")
        for sec_name, sec_id in btf.datasecs(".rodata"):
            for var in btf.datasec_vars(sec_id):
                if var.name != name:
                    continue
                if var.size != len(value):
                    raise ValueError(f"read-only variable {name!r} is {var.size} bytes, the value is {len(value)}")
                map_ptr = lib.bpf_object__find_map_by_name(self._handle.ptr, sec_name.encode())
                size = ffi.new("size_t *")
                data = lib.bpf_map__initial_value(map_ptr, size) if map_ptr != ffi.NULL else ffi.NULL
                if data == ffi.NULL or var.offset + var.size > size[0]:
                    raise KernelError(f"libbpf has no initial data for section {sec_name} of object {self.name!r}")
                ffi.memmove(ffi.cast("char *", data) + var.offset, value, len(value))
                return
        raise KeyError(f"object {self.name!r} has no read-only variable {name!r} (in .rodata)")

    # ---------------------------------------------------------------- loading
    def load(self) -> None:
        """Create maps and load every program.  Raises VerifierError, LoadError, NotSupportedError,
        PrivilegeError."""
        self._require_open()
        if self._loaded or self._failed:
            raise KernelError(f"object {self.name!r} was already loaded (or failed to); open a new one")
        self._check_compiled_for()
        self._check_struct_ops_types()
        while True:
            with capture() as msgs:
                ret = lib.bpf_object__load(self._handle.ptr)
            if ret == 0:
                self._loaded = True
                return
            err = _ffi.error_code(ret)
            log = ffi.string(self._log).decode(errors="replace")
            if err == _errno.ENOSPC and len(log) >= self._log_size // 2 and self._log_size < MAX_LOG_SIZE:
                self._open(self._log_size * 8)  # the log did not fit: reopen with a bigger buffer and retry
                continue
            self._failed = True
            raise self._load_error(err, msgs, log)

    def _check_compiled_for(self) -> None:
        """An object pyoombpf compiled records the kernel description it was compiled against
        (``.debug_pyoombpf.spec``); one that folds that kernel's facts into its code (bridge mode) is refused on
        another kernel with a KernelMismatchError (pyoombpf.objspec)."""
        spec = ObjectSpec.from_elf(self._adapted.elf)
        if spec is not None:
            spec.check_kernel()

    def _check_struct_ops_types(self) -> None:
        btf = Btf(lib.bpf_object__btf(self._handle.ptr), owned=False)
        found = features()
        for map_ptr in self._iter_maps():
            if lib.bpf_map__type(map_ptr) != MAP_TYPE_STRUCT_OPS or btf.ptr == ffi.NULL or not found.btf:
                continue
            map_name = cstr(lib.bpf_map__name(map_ptr))
            type_name = btf.var_struct_name(map_name)
            if type_name and not found.has_struct_ops(type_name):
                raise struct_ops_unsupported(type_name, map_name)

    def _load_error(self, err: int, msgs: list[str], log: str) -> KernelError:
        if err == _errno.EPERM and (problem := privilege_problem()):
            return PrivilegeError(problem)
        text = "\n".join(msgs)
        if m := _MISSING_KFUNC.search(text):
            return kfunc_unsupported(m[1])
        if m := _MISSING_STRUCT_OPS.search(text):
            return struct_ops_unsupported(m[1], "?")
        failed = _FAILED_PROG.findall(text)
        if failed and log.strip():
            resolve = verifier_log.path_resolver(elf.btf_strings(self._adapted.elf))
            report = verifier_log.parse(log, resolve)
            stuck = verifier_log.stuck_loop(log, report.summary, loop_table(self._adapted.elf), resolve)
            if stuck is not None:
                source = sourcetext.line(stuck.filename, stuck.lineno).rstrip("\n") or None
                return VerifierError(
                    failed[-1], stuck.summary, log, err, stuck.filename, stuck.lineno, source, stuck.col, stuck.notes
                )
            return VerifierError(
                failed[-1], report.summary, log, err, report.filename, report.lineno, report.source_line
            )
        detail = _last(msgs)
        if failed:
            first = _first_about(msgs, failed[-1])
            detail = (
                f"program {failed[-1]!r} was refused before verification (no verifier log): {first}; this kernel "
                "may lack its program type, attach target or a kernel feature it uses"
            )
        if err == _errno.EPERM:
            detail += (
                " — the kernel refused with EPERM although this process is privileged: a security policy "
                "(lockdown, LSM, or the environment) forbids this program or attach type here"
            )
        return LoadError(f"cannot load BPF object {self.name!r}: {detail}", err)

    def _require_loaded(self) -> None:
        self._require_open()
        if not self._loaded:
            raise KernelError(f"object {self.name!r} is not loaded: call load() first")

    # ---------------------------------------------------------------- access
    @property
    def loaded(self) -> bool:
        return self._loaded and not self.closed

    def program(self, name: str) -> Program:
        self._require_open()
        ptr = lib.bpf_object__find_program_by_name(self._handle.ptr, name.encode())
        if ptr == ffi.NULL:
            names = [p.name for p in self.programs()]
            raise KeyError(f"object {self.name!r} has no program {name!r} (it has {names})")
        return Program(self, ptr)

    def programs(self) -> list[Program]:
        self._require_open()
        return [Program(self, p) for p in self._iter_programs()]

    def map(self, name: str, key: Codec | None = None, value: Codec | None = None) -> Map:
        """A map by name.  ``key``/``value`` codecs type its entries (raw bytes, or ints for small keys,
        without)."""
        self._require_loaded()
        ptr = lib.bpf_object__find_map_by_name(self._handle.ptr, name.encode())
        if ptr == ffi.NULL:
            names = [cstr(lib.bpf_map__name(m)) for m in self._iter_maps()]
            raise KeyError(f"object {self.name!r} has no map {name!r} (it has {names})")
        return self._map(ptr, key, value)

    def _map(self, ptr: Any, key: Codec | None, value: Codec | None) -> Map:
        return Map(
            self,
            lambda: int(lib.bpf_map__fd(ptr)),
            cstr(lib.bpf_map__name(ptr)),
            int(lib.bpf_map__type(ptr)),
            int(lib.bpf_map__key_size(ptr)),
            int(lib.bpf_map__value_size(ptr)),
            int(lib.bpf_map__max_entries(ptr)),
            key,
            value,
            handle=ptr,
        )

    def map_names(self) -> list[str]:
        self._require_open()
        return [cstr(lib.bpf_map__name(m)) for m in self._iter_maps()]

    def _find_map(self, name: str) -> Map | None:
        ptr = lib.bpf_object__find_map_by_name(self._handle.ptr, name.encode())
        if ptr == ffi.NULL:
            return None
        value = IntCodec(8) if lib.bpf_map__value_size(ptr) == 8 else None
        return self._map(ptr, None, value)

    def struct_ops(self, name: str) -> StructOps:
        """A struct_ops map, ready to :meth:`~StructOps.register` or :meth:`~StructOps.attach` to a cgroup."""
        m = self.map(name)
        if m.type_id != MAP_TYPE_STRUCT_OPS:
            raise TypeError(f"map {name!r} is a {m.type} map, not struct_ops")
        btf = Btf(lib.bpf_object__btf(self._handle.ptr), owned=False)
        return StructOps(self, m, btf.var_struct_name(name) or "?")


class Program:
    """A program of a :class:`BpfObject` (valid while the object is open)."""

    def __init__(self, obj: BpfObject, ptr: Any) -> None:
        self._obj = obj
        self._ptr = ptr
        self.name = cstr(lib.bpf_program__name(ptr))
        libbpf_section = cstr(lib.bpf_program__section_name(ptr))
        self.section = obj._adapted.original_names.get(libbpf_section, libbpf_section)

    def __repr__(self) -> str:
        return f"<Program {self.name!r} section={self.section!r}>"

    @property
    def autoload(self) -> bool:
        """Whether :meth:`BpfObject.load` loads this program (set it False before loading to leave it out)."""
        return bool(lib.bpf_program__autoload(self._ptr))

    @autoload.setter
    def autoload(self, value: bool) -> None:
        self._obj._require_open()
        if self._obj._loaded or lib.bpf_program__set_autoload(self._ptr, bool(value)) < 0:
            raise KernelError(f"autoload of program {self.name!r} can only change before load()")

    @property
    def type_id(self) -> int:
        return int(lib.bpf_program__type(self._ptr))

    @property
    def type(self) -> str:
        """The program type as libbpf spells it: ``syscall``, ``tracepoint``, ``tracing``,
        ``struct_ops``..."""
        return cstr(lib.libbpf_bpf_prog_type_str(self.type_id))

    @property
    def fd(self) -> int:
        obj = self._obj
        if not (obj._loaded and obj._handle.ptr):  # fast path: BPF_PROG_RUN is called at high rates
            obj._require_loaded()
        return int(lib.bpf_program__fd(self._ptr))

    def test_run(self, ctx: bytes | bytearray | None = None) -> TestRun:
        """Run the program once with ``BPF_PROG_RUN``; the context buffer is passed in and read back."""
        try:
            return prog_test_run(self.fd, ctx)
        except OSError as exc:
            raise LoadError(f"BPF_PROG_RUN of program {self.name!r} ({self.type}) failed", exc.errno or 0) from None

    def attach(self) -> Link:
        """Attach by section (``tp/``, ``tp_btf/``, ``raw_tp/``, ``iter/``...); returns the :class:`Link`."""
        self._obj._require_loaded()
        with capture() as msgs:
            ptr = lib.bpf_program__attach(self._ptr)
        if ptr == ffi.NULL:
            err = _ffi.pointer_error()
            if self.section.startswith(("tp/", "tracepoint/")) and err == _errno.ENOENT and not _tracefs_mounted():
                raise NotSupportedError(
                    f"attaching {self.section} (program {self.name!r})",
                    "tracepoint programs need tracefs to find the tracepoint id, and it is not mounted",
                    "mount it (mount -t tracefs nodev /sys/kernel/tracing) or use a tp_btf/ or raw_tp/ section",
                )
            raise AttachError(f"attaching program {self.name!r} ({self.section}) failed: {_last(msgs)}", err)
        return Link(self._obj, f"program {self.name} ({self.section})", libbpf_link=ptr)


def _tracefs_mounted() -> bool:
    import os

    return os.path.exists("/sys/kernel/tracing/events") or os.path.exists("/sys/kernel/debug/tracing/events")
