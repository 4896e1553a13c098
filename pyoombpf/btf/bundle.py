"""The bundled description of types a kernel may lack: which files make up each ABI version, parsed once.

Files live in ``pyoombpf/btf/data/`` and are written in the C subset of :mod:`pyoombpf.btf.cdecl`:

=================  ==============================================================================
``kernel.h``        a subset of stock kernel types and kfuncs (for machines without kernel BTF)
``memcg_kfuncs.h``  the memcg kfuncs merged in Linux 7.0
``oom_common.h``    BPF OOM pieces identical in all versions (flags, oom_control members, kill kfuncs)
``oom_<abi>.h``     ``bpf_oom_ops`` and ``bpf_out_of_memory`` of one ABI version (v2, v3, post_v3)
``psi_<abi>.h``     BPF PSI: the ``psi_avgs_work`` tracepoint and ``psi_group`` (v3), ``bpf_psi_ops`` (v2)
=================  ==============================================================================
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from pathlib import Path

from pyoombpf.btf import cdecl as C
from pyoombpf.btf.cache import atomic_write, cache_dir

_PICKLE_VERSION = 3

OOM_ABIS = ("v2", "v3", "post-v3")
PSI_ABIS = ("v3", "v2")
DEFAULT_OOM_ABI = "v3"
DEFAULT_PSI_ABI = "v3"
COMMON_FILES = ("kernel.h", "memcg_kfuncs.h", "oom_common.h")


def oom_file(abi: str) -> str:
    return f"oom_{abi.replace('-', '_')}.h"


def psi_file(abi: str) -> str:
    return f"psi_{abi.replace('-', '_')}.h"


class Bundle:
    """Declarations by (kind, name).  ``oom_specific`` / ``psi_specific`` hold the struct/union/func names
    declared by the version-specific files: those are taken from the bundle whenever the kernel implements
    another version."""

    __slots__ = (
        "oom_abi",
        "psi_abi",
        "files",
        "structs",
        "extensions",
        "fwds",
        "enums",
        "anon_enums",
        "enumerators",
        "typedefs",
        "funcs",
        "defines",
        "oom_specific",
        "psi_specific",
        "where",
    )

    def __init__(self, oom_abi: str, psi_abi: str, files: tuple[str, ...]) -> None:
        self.oom_abi = oom_abi
        self.psi_abi = psi_abi
        self.files = files
        self.structs: dict[tuple[str, str], C.StructDecl] = {}
        self.extensions: dict[tuple[str, str], list[C.MemberDecl]] = {}
        self.fwds: dict[tuple[str, str], C.FwdDecl] = {}
        self.enums: dict[str, C.EnumDecl] = {}
        self.anon_enums: list[C.EnumDecl] = []
        self.enumerators: dict[str, tuple[C.EnumDecl, int]] = {}
        self.typedefs: dict[str, C.TypedefDecl] = {}
        self.funcs: dict[str, C.FuncDecl] = {}
        self.defines: dict[str, int] = {}
        self.oom_specific: set[tuple[str, str]] = set()
        self.psi_specific: set[tuple[str, str]] = set()
        self.where: dict[tuple[str, str], str] = {}

    def add(self, unit: C.Unit) -> None:
        for s in unit.structs:
            key = ("union" if s.is_union else "struct", s.name)
            if s.extend:
                self.extensions.setdefault(key, []).extend(s.members)
            else:
                self._claim(key, unit.filename, s.line)
                self.structs[key] = s
        for f in unit.fwds:
            self.fwds.setdefault(("union" if f.is_union else "struct", f.name), f)
        for e in unit.enums:
            if e.name:
                self._claim(("enum", e.name), unit.filename, e.line)
                self.enums[e.name] = e
            else:
                self.anon_enums.append(e)
            for name, value in e.values:
                self.enumerators[name] = (e, value)
        for t in unit.typedefs:
            self._claim(("typedef", t.name), unit.filename, t.line)
            self.typedefs[t.name] = t
        for fn in unit.funcs:
            self._claim(("func", fn.name), unit.filename, fn.line)
            self.funcs[fn.name] = fn
        self.defines.update(unit.defines)

    def _claim(self, key: tuple[str, str], filename: str, line: int) -> None:
        if key in self.where:
            raise C.CDeclError(f"{filename}:{line}: {key[0]} {key[1]} already declared in {self.where[key]}")
        self.where[key] = f"{filename}:{line}"

    def names(self, kind: str) -> list[str]:
        if kind in ("struct", "union"):
            return [n for k, n in (*self.structs, *self.fwds, *self.extensions) if k == kind]
        if kind == "enum":
            return list(self.enums)
        if kind == "typedef":
            return list(self.typedefs)
        return list(self.funcs) if kind == "func" else []


DATA_DIR = Path(__file__).resolve().parent / "data"


def _read(name: str) -> str:
    return (DATA_DIR / name).read_text()


@functools.cache
def load_bundle(oom_abi: str = DEFAULT_OOM_ABI, psi_abi: str = DEFAULT_PSI_ABI) -> Bundle:
    """The parsed files of one (OOM ABI, PSI ABI) combination: cached per process, and on disk (parsing
    ~500 lines of C costs 5-10 ms; loading the pickled result well under 1 ms)."""
    if oom_abi not in OOM_ABIS:
        raise ValueError(f"unknown BPF OOM ABI {oom_abi!r}; known: {', '.join(OOM_ABIS)}")
    if psi_abi not in PSI_ABIS:
        raise ValueError(f"unknown BPF PSI ABI {psi_abi!r}; known: {', '.join(PSI_ABIS)}")
    files = (*COMMON_FILES, oom_file(oom_abi), psi_file(psi_abi))
    texts = {name: _read(name) for name in files}
    # The key covers the parser and this module too, so a changed AST never meets a stale pickle.
    code = [Path(C.__file__).read_bytes(), Path(__file__).read_bytes()]
    digest = hashlib.blake2b(repr((_PICKLE_VERSION, files, texts, code)).encode(), digest_size=16).hexdigest()
    path = cache_dir() / f"bundle-{digest}.pickle"
    cached = _load_pickle(path)
    if isinstance(cached, Bundle):
        return cached
    bundle = parse_bundle(oom_abi, psi_abi, files, texts)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, pickle.dumps(bundle, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass
    return bundle


def _load_pickle(path: Path) -> object:
    """Unpickle our own cache file; refuse files another user could have written."""
    try:
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            if st.st_uid != os.getuid() or st.st_mode & 0o022:
                return None
            return pickle.load(f)
    except Exception:  # missing, truncated or from an incompatible pyoombpf: parse again
        return None


def parse_bundle(oom_abi: str, psi_abi: str, files: tuple[str, ...], texts: dict[str, str]) -> Bundle:
    """Parse ``files`` (contents in ``texts``) into one :class:`Bundle`."""
    bundle = Bundle(oom_abi, psi_abi, files)
    consts: dict[str, int] = {}
    for name in files:
        unit = C.parse(texts[name], name, consts)
        consts.update(unit.defines)
        for e in unit.enums:
            consts.update(e.values)
        bundle.add(unit)
        specific = _specific_names(unit)
        if name == oom_file(oom_abi):
            bundle.oom_specific |= specific
        elif name == psi_file(psi_abi):
            bundle.psi_specific |= specific
    return bundle


def _specific_names(unit: C.Unit) -> set[tuple[str, str]]:
    out = {("union" if s.is_union else "struct", s.name) for s in unit.structs if not s.extend}
    out |= {("func", f.name) for f in unit.funcs}
    return out
