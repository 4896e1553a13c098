"""A content-addressed cache of emitted objects: the same module, from the same source files, compiled by the same
compiler for the same kernel description, is not optimised and emitted by LLVM again.

**The key** (SHA-256) covers everything LLVM's output depends on:

- the module's IR text (without the per-emission serial of its CO-RE names, :func:`normalized`).  The IR is what
  the policy's source became: the policy function, the helpers it calls, the module constants it read (whatever
  their value came from), the kernel types and numbers it uses — so a policy file whose module-level code reads
  the environment still gets the right object;
- the contents of every source file the IR's debug information names: LLVM copies source lines into ``.BTF.ext``
  from the files themselves, not from the IR;
- the compiler: pyoombpf's version, llvmlite's (it bundles its LLVM) and the bytes of this package's modules (the
  pass pipeline, the target options, the checks that decide whether LLVM runs in a child process);
- the kernel description compiled against (:class:`~pyoombpf.objspec.KernelFingerprint`), the optimisation level
  and whether the compile was isolated.

**A hit is indistinguishable from a fresh compile** (``tests/compiler/test_object_cache.py``): the entry holds the
ELF, the optimised IR and the assembly LLVM produced; everything else of a ``CompiledObject`` (the typed program,
the IR, the spec with the policy's own record classes) is made by the compile as always.  A hit never loads LLVM.

**Where**: ``objects/`` in pyoombpf's cache directory (``$PYOOMBPF_CACHE_DIR``, else ``$XDG_CACHE_HOME/pyoombpf``,
else ``~/.cache/pyoombpf``; the BTF index lives there too);
one JSON file per key, written atomically; at most :data:`MAX_ENTRIES` files (the least recently used go).  The
directory must belong to the user and be writable by nobody else (objects from it run in the kernel as root):
otherwise the cache is not used.  ``PYOOMBPF_OBJECT_CACHE=0`` turns it off, ``=1`` on (``pyoombpf compile`` and
``pyoombpf run`` use it by default, ``compile()`` only when asked: ``compile(fn, cache=True)``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
import tempfile
from typing import TYPE_CHECKING, Any

from pyoombpf.codegen.emitted import EmittedObject

if TYPE_CHECKING:
    from collections.abc import Iterator

#: bump when the entry format or what the key covers changes
FORMAT = 1
MAX_ENTRIES = 256
_KEEP_AFTER_PRUNE = 192
_CORE_SERIAL = re.compile(r"___pyo\d+")
_DIFILE = re.compile(r'!DIFile\((?:[^()"]|"(?:[^"\\]|\\.)*")*\)')
_FIELD = re.compile(r'(filename|directory): "((?:[^"\\]|\\.)*)"')

_compiler: str | None = None


def enabled(flag: bool | None) -> bool:
    """Whether a compile uses the cache: ``flag`` when given, else ``PYOOMBPF_OBJECT_CACHE`` (off when unset)."""
    if flag is not None:
        return flag
    return os.environ.get("PYOOMBPF_OBJECT_CACHE", "") not in ("", "0")


def for_commands() -> bool:
    """Whether the commands (``pyoombpf compile``, ``pyoombpf run``'s compile child) use the cache: yes unless
    ``PYOOMBPF_OBJECT_CACHE=0``."""
    return os.environ.get("PYOOMBPF_OBJECT_CACHE", "1") != "0"


def directory() -> str | None:
    """The cache directory: ``objects`` in pyoombpf's cache (the BTF index's, :mod:`pyoombpf.btf.cache`); None
    when there is no home to put it in."""
    root = os.environ.get("PYOOMBPF_CACHE_DIR")
    if not root:
        base = os.environ.get("XDG_CACHE_HOME") or (
            os.path.join(os.environ["HOME"], ".cache") if os.environ.get("HOME") else None
        )
        if base is None:
            return None
        root = os.path.join(base, "pyoombpf")
    return os.path.join(root, "objects")


def normalized(ir_text: str) -> str:
    """``ir_text`` without the serial of its CO-RE names, which differs from compile to compile in one process
    and is replaced before LLVM sees the module (:func:`pyoombpf.codegen.emit._fresh_core_names`)."""
    return _CORE_SERIAL.sub("___pyo", ir_text)


def source_files(ir_text: str) -> list[str]:
    """The paths of the source files the IR's debug information names, sorted."""
    found = set()
    for node in _DIFILE.findall(ir_text):
        fields = {k: _unescape(v) for k, v in _FIELD.findall(node)}
        if "filename" in fields:
            found.add(os.path.join(fields.get("directory", ""), fields["filename"]))
    return sorted(found)


def _unescape(text: str) -> str:
    """An LLVM string literal's contents (everything but printable ASCII other than ``"`` and ``\\`` is a
    ``\\XX`` hex escape)."""
    raw = re.sub(rb"\\([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), text.encode())
    return raw.decode(errors="surrogateescape")


def compiler_version() -> str:
    """What identifies the compiler doing the LLVM part (computed once per process)."""
    global _compiler
    if _compiler is None:
        import llvmlite

        import pyoombpf

        h = hashlib.sha256(f"pyoombpf {pyoombpf.__version__}; llvmlite {llvmlite.__version__}".encode())
        here = os.path.dirname(os.path.abspath(__file__))
        for name in sorted(os.listdir(here)):
            if name.endswith(".py"):
                with open(os.path.join(here, name), "rb") as f:
                    h.update(name.encode() + b"\0" + f.read())
        _compiler = h.hexdigest()
    return _compiler


def key(ir_text: str, *, kernel: str, opt_level: int, isolate: bool) -> str | None:
    """The cache key of emitting ``ir_text`` (``kernel``: the kernel description's fingerprint as text); None
    when a source file it names cannot be read (LLVM may read it differently: such a module is not cached)."""
    h = hashlib.sha256()
    h.update(f"format {FORMAT}\0compiler {compiler_version()}\0kernel {kernel}\0".encode())
    h.update(f"opt {opt_level}\0isolate {isolate}\0".encode())
    text = normalized(ir_text)
    h.update(text.encode())
    for path in source_files(text):
        h.update(b"\0file " + path.encode(errors="surrogateescape") + b"\0")
        try:
            with open(path, "rb") as f:
                h.update(hashlib.sha256(f.read()).digest())
        except OSError:
            return None
    return h.hexdigest()


class ObjectCache:
    """The cache in ``path`` (made on first store)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.hits = self.misses = self.stores = 0

    def get(self, k: str) -> EmittedObject | None:
        """The emitted object stored under ``k``, or None (not there, unreadable, or not ours to trust)."""
        from pyoombpf.codegen.stack import stack_depths

        entry = self._read(k)
        if entry is None:
            self.misses += 1
            return None
        self.hits += 1
        elf = bytes.fromhex(entry["elf"])
        return EmittedObject(
            elf=elf,
            optimized_ir=entry["optimized_ir"],
            _module=None,
            _asm=entry["asm"],
            stack=stack_depths(elf),
            isolated=bool(entry["isolated"]),
            isolated_because=tuple(entry["isolated_because"]),
        )

    def put(self, k: str, emitted: EmittedObject) -> bool:
        """Store ``emitted`` under ``k`` (its assembly is made now if it was not); False if the directory is
        not usable."""
        if not self._usable(create=True):
            return False
        entry = {
            "format": FORMAT,
            "key": k,
            "elf": emitted.elf.hex(),
            "optimized_ir": emitted.optimized_ir,
            "asm": emitted.asm,
            "isolated": emitted.isolated,
            "isolated_because": list(emitted.isolated_because),
        }
        try:
            fd, tmp = tempfile.mkstemp(dir=self.path, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w") as f:
                json.dump(entry, f)
            os.replace(tmp, os.path.join(self.path, k + ".json"))
        except OSError:
            return False
        self.stores += 1
        self._prune()
        return True

    def _read(self, k: str) -> dict[str, Any] | None:
        if not self._usable(create=False):
            return None
        path = os.path.join(self.path, k + ".json")
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            return None
        try:
            with os.fdopen(fd, "rb") as f:
                st = os.fstat(f.fileno())
                if st.st_uid != os.geteuid() or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                    return None
                entry = json.loads(f.read())
            os.utime(path)  # recently used: pruned last
        except (OSError, ValueError):
            return None
        fields = ("elf", "optimized_ir", "asm", "isolated", "isolated_because")
        if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("key") != k:
            return None
        if any(f not in entry for f in fields):
            return None
        return entry

    def _usable(self, *, create: bool) -> bool:
        """The directory exists (or was made), belongs to this user and only this user can write to it."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            if not create:
                return False
            try:
                os.makedirs(self.path, mode=0o700, exist_ok=True)
                st = os.stat(self.path)
            except OSError:
                return False
        except OSError:
            return False
        return stat.S_ISDIR(st.st_mode) and st.st_uid == os.geteuid() and not st.st_mode & 0o022

    def _prune(self) -> None:
        entries = list(self._entries())
        if len(entries) <= MAX_ENTRIES:
            return
        entries.sort()
        for _mtime, path in entries[: len(entries) - _KEEP_AFTER_PRUNE]:
            with contextlib.suppress(OSError):  # another process pruned it first
                os.unlink(path)

    def _entries(self) -> Iterator[tuple[float, str]]:
        try:
            with os.scandir(self.path) as it:
                for e in it:
                    if e.name.endswith(".json") and not e.name.startswith("."):
                        try:
                            yield e.stat().st_mtime, e.path
                        except OSError:
                            continue
        except OSError:
            return


_caches: dict[str, ObjectCache] = {}


def get_cache() -> ObjectCache | None:
    """The cache of this process (one per directory), None when there is no directory for it."""
    path = directory()
    if path is None:
        return None
    if path not in _caches:
        _caches[path] = ObjectCache(path)
    return _caches[path]
