"""A content-addressed cache of compiled objects: the same typed program, from the same source files, compiled by
the same compiler for the same kernel description, is neither lowered nor optimised and emitted by LLVM again.

**The key** (SHA-256, :func:`program_key`) is taken after the frontend, before lowering, on everything the lowering
and LLVM read:

- the canonical text of the typed program (:mod:`pyoombpf.hir.canonical`): every node with its type and location,
  the maps, config values and records it uses, the module constants the frontend folded into it (whatever their
  value came from: a policy file whose module-level code reads the environment gets the right object), the
  kernel types by name and BTF id; and the mode's inputs (mode, name, ABI, PSI callbacks);
- the ``PYOOMBPF_*`` settings of the environment (the lowering reads some), but for where the cache is and
  whether it is used;
- the contents of every source file the program's locations name: LLVM copies source lines into ``.BTF.ext``
  from the files themselves;
- the compiler (:func:`compiler_version`): pyoombpf's version and every file of the package, llvmlite's version
  and shared library (the LLVM it bundles), Python's version;
- the kernel description compiled against (:class:`~pyoombpf.objspec.KernelFingerprint`), the optimisation level
  and whether the compile was isolated.

A program the canonical text cannot stand for is keyed on its IR text once lowered (:func:`key`: the IR without
the per-emission serial of its CO-RE names, the files its debug information names, the same compiler, kernel and
options), and so is one whose IR names a file its locations did not.

**A hit is indistinguishable from a fresh compile** (``tests/compiler/test_object_cache.py``): an entry keyed on
the program holds what the lowering made that a ``CompiledObject`` shows (:class:`Lowered`: the IR text, the
symbol, bridge mode's kill reasons and release sites) and what LLVM made (the ELF, the optimised IR, the
assembly); the typed program, the spec with the policy's own record classes and the Python twin are made by the
compile as always.  A hit imports neither the lowering nor LLVM.  Only a compile that succeeded is stored: an
error after the frontend (in the lowering, or the stack check of LLVM's object) happens again on the next
compile.

**Where**: ``objects/`` in pyoombpf's cache directory (``$PYOOMBPF_CACHE_DIR``, else ``$XDG_CACHE_HOME/pyoombpf``,
else ``~/.cache/pyoombpf``; the BTF index lives there too);
one JSON file per key, written atomically; at most :data:`MAX_ENTRIES` files (the least recently used go), and
the compiler's identity pointers (``compiler-*``, at most :data:`MAX_COMPILER_POINTERS`) and the source hints of
``pyoombpf compile`` (``source-*``, at most :data:`MAX_SOURCE_HINTS`: :func:`source_hint`).  The directory must
belong to the user and be writable by nobody else (objects from it run in the kernel as root): otherwise the
cache is not used.  ``PYOOMBPF_OBJECT_CACHE=0`` turns it off, ``=1`` on (``pyoombpf compile`` and ``pyoombpf run``
use it by default, ``compile()`` only when asked: ``compile(fn, cache=True)``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
import sys
from typing import TYPE_CHECKING, Any

from pyoombpf.codegen.emitted import EmittedObject
from pyoombpf.plain import LazyPattern, Plain

if TYPE_CHECKING:
    from collections.abc import Iterator

#: bump when the entry format or what the key covers changes
FORMAT = 2
MAX_ENTRIES = 256
_KEEP_AFTER_PRUNE = 192
#: compiler identities kept (one per state of pyoombpf's files; see :func:`compiler_version`)
MAX_COMPILER_POINTERS = 8
#: hints of the sources compiled last (``source-*``, :func:`source_hint`)
MAX_SOURCE_HINTS = MAX_ENTRIES
_CORE_SERIAL = LazyPattern(r"___pyo\d+")
_DIFILE = LazyPattern(r'!DIFile\((?:[^()"]|"(?:[^"\\]|\\.)*")*\)')
_FIELD = LazyPattern(r'(filename|directory): "((?:[^"\\]|\\.)*)"')
#: settings of the environment that change no object (where the cache is, whether it is used, what is printed)
_NOT_OUTPUT = ("PYOOMBPF_OBJECT_CACHE", "PYOOMBPF_CACHE_DIR", "PYOOMBPF_DEBUG")

_compiler: str | None = None


class Lowered(Plain):
    """What the lowering made that a compile shows besides LLVM's output: the IR text, the object's symbol,
    and (bridge mode) the reason of each kill site and each release-action call site."""

    __slots__ = _fields = ("ir", "symbol", "kill_reasons", "releases")

    def __init__(
        self, ir: str, symbol: str, kill_reasons: list[str] | None = None, releases: list[list[Any]] | None = None
    ) -> None:
        self.ir = ir
        self.symbol = symbol
        self.kill_reasons: list[str] = [] if kill_reasons is None else kill_reasons
        self.releases: list[list[Any]] = [] if releases is None else releases

    def to_dict(self) -> dict[str, Any]:
        return {"ir": self.ir, "symbol": self.symbol, "kill_reasons": self.kill_reasons, "releases": self.releases}

    @classmethod
    def from_dict(cls, d: Any) -> Lowered | None:
        if not isinstance(d, dict) or not isinstance(d.get("ir"), str) or not isinstance(d.get("symbol"), str):
            return None
        reasons, releases = d.get("kill_reasons"), d.get("releases")
        if not isinstance(reasons, list) or not isinstance(releases, list):
            return None
        return cls(d["ir"], d["symbol"], list(reasons), [list(r) for r in releases])


class Hit(Plain):
    """A cache entry: LLVM's output and, for an entry keyed on the typed program, the lowering's."""

    __slots__ = _fields = ("emitted", "lowered")

    def __init__(self, emitted: EmittedObject, lowered: Lowered | None) -> None:
        self.emitted = emitted
        self.lowered = lowered


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
    """What identifies the compiler (computed once per process): pyoombpf's version and every file of the
    package (its sources and the bundled kernel description: what the frontend, the lowering and the backend
    do), llvmlite's version and shared library (the LLVM it bundles), and Python's version.

    Hashing the package's 1.8 MB costs a few milliseconds a process, so a pointer file in the cache
    (``compiler-<identity>``) maps a cheap identity of its files — each one's path, size, inode and mtime in
    nanoseconds, as Python's own bytecode cache trusts size and mtime — to the digest of their contents."""
    global _compiler
    if _compiler is None:
        _compiler = _compiler_digest()
    return _compiler


def _package_files() -> list[tuple[str, os.stat_result]]:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    found: list[tuple[str, os.stat_result]] = []
    stack = [root]
    while stack:
        with os.scandir(stack.pop()) as it:
            for e in it:
                if e.is_dir(follow_symlinks=False):
                    if e.name != "__pycache__":
                        stack.append(e.path)
                elif e.is_file() and not e.name.endswith((".pyc", ".so")):
                    found.append((e.path, e.stat()))
    return sorted(found)


def _llvmlite_parts() -> tuple[str, list[str]]:
    """(a stat identity of llvmlite's shared library, llvmlite's version file) without importing llvmlite."""
    import importlib.util

    spec = importlib.util.find_spec("llvmlite")
    base = os.path.dirname(spec.origin) if spec is not None and spec.origin else ""
    lib = os.path.join(base, "binding", "libllvmlite.so")
    try:
        st = os.stat(lib)
        ident = f"{lib} {st.st_size} {st.st_mtime_ns} {st.st_ino}"
    except OSError:
        ident = "no llvmlite library"
    return ident, [os.path.join(base, "_version.py")] if base else []


def _compiler_digest() -> str:
    import pyoombpf

    files = _package_files()
    lib, extra = _llvmlite_parts()
    head = f"pyoombpf {pyoombpf.__version__}; {lib}; python {sys.version}"
    ident = hashlib.sha256(head.encode())
    for path, st in files:
        ident.update(f"\0{path} {st.st_size} {st.st_ino} {st.st_mtime_ns}".encode(errors="surrogateescape"))
    for path in extra:
        with contextlib.suppress(OSError):
            st = os.stat(path)
            ident.update(f"\0{path} {st.st_size} {st.st_ino} {st.st_mtime_ns}".encode(errors="surrogateescape"))
    store = get_cache()
    pointer = f"compiler-{ident.hexdigest()}"
    digest = store.read_pointer(pointer) if store is not None else None
    if digest is None:
        h = hashlib.sha256(head.encode())
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        for path in [p for p, _ in files] + extra:
            with contextlib.suppress(OSError), open(path, "rb") as f:
                h.update(b"\0" + os.path.relpath(path, root).encode(errors="surrogateescape") + b"\0" + f.read())
        digest = h.hexdigest()
        if store is not None:
            store.write_pointer(pointer, digest)
    return digest


def _settings() -> str:
    """The ``PYOOMBPF_*`` settings of the environment that may change an object (the lowering reads some,
    such as ``PYOOMBPF_NOINLINE``), as text."""
    return repr(
        sorted(
            (k, v)
            for k, v in os.environ.items()
            if k.startswith("PYOOMBPF_") and k not in _NOT_OUTPUT and not k.startswith("PYOOMBPF_DUMP_")
        )
    )


def _head(kind: str, kernel: str, opt_level: int, isolate: bool) -> Any:
    h = hashlib.sha256()
    h.update(f"format {FORMAT}\0{kind}\0compiler {compiler_version()}\0kernel {kernel}\0".encode())
    h.update(f"opt {opt_level}\0isolate {isolate}\0".encode())
    return h


def _add_files(h: Any, paths: list[str]) -> bool:
    """Hash the contents of ``paths`` into ``h``; False when one cannot be read."""
    for path in paths:
        h.update(b"\0file " + path.encode(errors="surrogateescape") + b"\0")
        try:
            with open(path, "rb") as f:
                h.update(hashlib.sha256(f.read()).digest())
        except OSError:
            return False
    return True


def key(ir_text: str, *, kernel: str, opt_level: int, isolate: bool) -> str | None:
    """The cache key of emitting ``ir_text`` (``kernel``: the kernel description's fingerprint as text); None
    when a source file it names cannot be read (LLVM may read it differently: such a module is not cached)."""
    h = _head("ir", kernel, opt_level, isolate)
    text = normalized(ir_text)
    h.update(text.encode(errors="surrogateescape"))
    return h.hexdigest() if _add_files(h, source_files(text)) else None


def program_key(text: str, files: list[str], *, kernel: str, opt_level: int, isolate: bool) -> str | None:
    """The cache key of lowering and emitting a typed program whose canonical text is ``text``
    (:mod:`pyoombpf.hir.canonical`) and whose locations name ``files``; None when one of them cannot be
    read.  The key also holds the ``PYOOMBPF_*`` settings of the environment."""
    h = _head("program", kernel, opt_level, isolate)
    h.update(f"settings {_settings()}\0".encode(errors="surrogateescape"))
    h.update(text.encode(errors="surrogateescape"))
    return h.hexdigest() if _add_files(h, files) else None


def source_hint(path: str, function: str | None, abi: str | None, mode: str = "struct_ops") -> str | None:
    """The name of the hint of a ``pyoombpf compile`` of the file ``path`` (``--function``, ``--abi``, ``--mode``):
    which key the last compile of the same file contents with the same options, compiler and settings stored or
    found its object under.  Only a guess whether a compile will hit, taken before the compiler is imported (a hit
    must not start LLVM: :mod:`pyoombpf.codegen.warm`): the file may import others that changed since.  None when
    the file cannot be read."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    h = _head("source", "", 0, False)
    options = f"{function}\0{abi}\0" + ("" if mode == "struct_ops" else f"{mode}\0")
    h.update(f"settings {_settings()}\0{os.path.realpath(path)}\0{options}".encode(errors="surrogateescape"))
    h.update(data)
    return f"source-{h.hexdigest()}"


def hinted_key(hint: str) -> str | None:
    """The key the hint ``hint`` (:func:`source_hint`) holds, when the cache still has an object under it."""
    store = get_cache()
    k = store.read_pointer(hint) if store is not None else None
    return k if k is not None and store is not None and store.has(k) else None


def remember(hint: str, k: str) -> None:
    """Record in the hint ``hint`` that its compile stored or found its object under the key ``k``."""
    store = get_cache()
    if store is not None:
        store.write_pointer(hint, k, keep=MAX_SOURCE_HINTS)


class ObjectCache:
    """The cache in ``path`` (made on first store)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.hits = self.misses = self.stores = 0

    def get(self, k: str) -> Hit | None:
        """The entry stored under ``k``, or None (not there, unreadable, or not ours to trust)."""
        from pyoombpf.codegen.stack import stack_depths

        entry = self._read(k)
        lowered = Lowered.from_dict(entry.get("lowered")) if entry is not None else None
        if entry is None or (entry.get("lowered") is not None and lowered is None):
            self.misses += 1
            return None
        self.hits += 1
        elf = bytes.fromhex(entry["elf"])
        emitted = EmittedObject(
            elf=elf,
            optimized_ir=entry["optimized_ir"],
            _module=None,
            _asm=entry["asm"],
            stack=stack_depths(elf),
            isolated=bool(entry["isolated"]),
            isolated_because=tuple(entry["isolated_because"]),
        )
        return Hit(emitted, lowered)

    def put(self, k: str, emitted: EmittedObject, lowered: Lowered | None = None) -> bool:
        """Store ``emitted`` (and what the lowering made, for a key taken before lowering) under ``k`` (its
        assembly is made now if it was not); False if the directory is not usable."""
        entry = {
            "format": FORMAT,
            "key": k,
            "elf": emitted.elf.hex(),
            "optimized_ir": emitted.optimized_ir,
            "asm": emitted.asm,
            "isolated": emitted.isolated,
            "isolated_because": list(emitted.isolated_because),
            "lowered": lowered.to_dict() if lowered is not None else None,
        }
        if not self._write(k + ".json", json.dumps(entry)):
            return False
        self.stores += 1
        self._prune()
        return True

    def read_pointer(self, name: str) -> str | None:
        """The digest the pointer file ``name`` holds (see :func:`compiler_version`), or None."""
        data = self._read_owned(name, 65)
        if data is None:
            return None
        text = data.decode("ascii", "replace").strip()
        return text if len(text) == 64 and all(c in "0123456789abcdef" for c in text) else None

    def has(self, k: str) -> bool:
        """Whether an object is stored under ``k`` (it may still prove unreadable: :meth:`get` says)."""
        return os.path.isfile(os.path.join(self.path, k + ".json"))

    def write_pointer(self, name: str, digest: str, keep: int = MAX_COMPILER_POINTERS) -> None:
        """Write the pointer file ``name``, keeping the newest ``keep`` of its kind (the part of the name before
        its first ``-``)."""
        if not self._write(name, digest):
            return
        prefix = name.split("-", 1)[0] + "-"
        pointers = [(mtime, path) for mtime, path in self._entries(prefix=prefix)]
        if len(pointers) <= keep:
            return
        pointers.sort()
        for _mtime, path in pointers[: len(pointers) - keep]:
            with contextlib.suppress(OSError):
                os.unlink(path)

    def _write(self, name: str, text: str) -> bool:
        """Write ``name`` in the directory atomically (a temporary file renamed into place)."""
        if not self._usable(create=True):
            return False
        try:
            import tempfile  # only when storing: a hit does without its import

            fd, tmp = tempfile.mkstemp(dir=self.path, prefix=".tmp-")
            try:
                with os.fdopen(fd, "w") as f:
                    f.write(text)
                os.replace(tmp, os.path.join(self.path, name))
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError:
            return False
        return True

    def _read_owned(self, name: str, limit: int = -1) -> bytes | None:
        """The bytes of the file ``name`` here (at most ``limit``), or None: the cache is unusable, the file is
        missing or a symlink, or it belongs to someone else or others may write it (what is read here runs in the
        kernel as root)."""
        if not self._usable(create=False):
            return None
        try:
            fd = os.open(os.path.join(self.path, name), os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            return None
        try:
            with os.fdopen(fd, "rb") as f:
                st = os.fstat(f.fileno())
                if st.st_uid != os.geteuid() or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                    return None
                return f.read(limit)
        except OSError:
            return None

    def _read(self, k: str) -> dict[str, Any] | None:
        data = self._read_owned(k + ".json")
        if data is None:
            return None
        try:
            entry = json.loads(data)
            os.utime(os.path.join(self.path, k + ".json"))  # recently used: pruned last
        except (OSError, ValueError):
            return None
        fields = ("elf", "optimized_ir", "asm", "isolated", "isolated_because", "lowered")
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

    def _entries(self, prefix: str = "") -> Iterator[tuple[float, str]]:
        """(mtime, path) of the objects (``prefix``: of the pointer files named so)."""
        try:
            with os.scandir(self.path) as it:
                for e in it:
                    wanted = e.name.startswith(prefix) if prefix else e.name.endswith(".json")
                    if wanted and not e.name.startswith("."):
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
