"""A compiled object as plain data: the ELF, its programs and maps, and the kernel it was compiled against.

:class:`ObjectSpec` is what loading needs, separate from the compiler's state (cilium/ebpf's ``CollectionSpec``):
the relay of ``pyoombpf run`` receives one from the child that compiled the policy and never imports the policy's
module, the compiler or LLVM; a service reads typed maps from its :class:`MapSpec` codecs.  It is importable
without llvmlite (``tests/test_structure.py`` checks), and it is written for a relay that locks its memory for days:
no ``dataclasses``, ``typing`` or ``base64`` at run time (each costs a MiB or more of modules); the ELF travels in
JSON as hex.

The object file carries its spec: the compiler appends it as JSON in a ``.debug_pyoombpf.spec`` section (libbpf
skips ``.debug_*`` sections), so an object written with ``pyoombpf compile`` still knows which kernel it was
built for (:meth:`ObjectSpec.from_elf`).

**The kernel fingerprint.**  A bridge-mode object folds facts of the compiling machine's kernel into its code
(enum values such as ``memory_cgrp_id`` and counter indexes, the slots of ``btf/memcg_stats.py``, which memcg
kfuncs exist).  CO-RE relocations cannot fix those at load time, so the spec records the digest of the kernel
BTF it was compiled against, and loading such an object (:meth:`ObjectSpec.check_kernel`) refuses another
kernel with :class:`~pyoombpf.errors.KernelMismatchError` instead of running a policy that reads the wrong
counters.
"""

from __future__ import annotations

import json

from pyoombpf.errors import KernelMismatchError
from pyoombpf.plain import Plain

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: the ELF section holding the spec (without the ELF itself) as JSON
SPEC_SECTION = ".debug_pyoombpf.spec"
SPEC_VERSION = 1
#: map kinds with hash-map semantics (keys of any value, get/set/del/in): ``HashMap`` and ``LruHashMap``
HASH_KINDS = ("hash", "lru_hash")


# --------------------------------------------------------------------------------------------- value types


class _Value(Plain):
    """Compared and printed by its fields, like a dataclass (:class:`~pyoombpf.plain.Plain`), and hashable."""

    __slots__ = ()

    def __hash__(self) -> int:  # type: ignore[override]  # Plain is unhashable: its fields may change
        return hash((type(self).__name__, *self._key()))


class TypeDesc(_Value):
    """A map key's or value's type: an integer, a bool, or a record (its fields, each an integer or bool).

    As JSON (the format :mod:`pyoombpf.bridge.precompile` has sent since the service layer): ``{"int": [64,
    false]}``, ``{"bool": true}``, ``{"record": "Pref", "fields": [["mode", 32, false], ["on", "bool"]]}``."""

    __slots__ = _fields = ("kind", "bits", "signed", "name", "fields")

    def __init__(
        self,
        kind: str,
        bits: int = 0,
        signed: bool = False,
        name: str = "",
        fields: tuple[tuple[str, TypeDesc], ...] = (),
    ) -> None:
        self.kind = kind  # "int" | "bool" | "record"
        self.bits = bits
        self.signed = signed
        self.name = name
        self.fields = fields

    @classmethod
    def of(cls, t: Any) -> TypeDesc | None:
        """The description of a semantic type (``IntType``, ``BoolType``, ``RecordType``); None for others."""
        from pyoombpf.types.core import BoolType, IntType
        from pyoombpf.types.records import RecordType

        if isinstance(t, IntType):
            return cls("int", t.bits, t.signed)
        if isinstance(t, BoolType):
            return cls("bool", 8)
        if isinstance(t, RecordType):
            fields = tuple((f.name, cls.of(f.type)) for f in t.fields)
            return cls("record", name=t.cls_name, fields=fields)  # type: ignore[arg-type]
        return None

    def to_dict(self) -> dict[str, Any]:
        if self.kind == "int":
            return {"int": [self.bits, self.signed]}
        if self.kind == "bool":
            return {"bool": True}
        fields = [[n, "bool"] if f.kind == "bool" else [n, f.bits, f.signed] for n, f in self.fields]
        return {"record": self.name, "fields": fields}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> TypeDesc | None:
        if d is None:
            return None
        if "int" in d:
            bits, signed = d["int"]
            return cls("int", int(bits), bool(signed))
        if "bool" in d:
            return cls("bool", 8)
        fields = tuple(
            (str(f[0]), cls("bool", 8) if f[1] == "bool" else cls("int", int(f[1]), bool(f[2]))) for f in d["fields"]
        )
        return cls("record", 0, name=str(d["record"]), fields=fields)

    def codec(self) -> Any:
        """An ``IntCodec`` for integers and bools; for a record, a class with the same layout, keyword
        constructor and codec methods as the ``@record`` class it describes."""
        from pyoombpf.runtime.codec import IntCodec

        if self.kind == "int":
            return IntCodec(self.bits // 8, self.signed)
        if self.kind == "bool":
            return IntCodec(1)
        from pyoombpf.dsl.scalars import Scalar
        from pyoombpf.types.core import IntType
        from pyoombpf.types.records import record_type

        annotations = {n: (bool if f.kind == "bool" else Scalar(IntType(f.bits, f.signed))) for n, f in self.fields}
        cls = type(self.name, (), {"__annotations__": annotations, "__module__": __name__})
        return record_type(cls)


class MapSpec(_Value):
    """One map of the object: its kind (``hash``/``lru_hash``/``array``/``ringbuf``…), size and key/value types.

    ``declared``: the declaration's own key and value types when the spec was made in the compiling process
    (never serialised); codecs then use the policy's own ``@record`` classes, so values read back compare equal
    to the ones the policy module builds.  A spec read from JSON or an object file rebuilds them instead."""

    __slots__ = ("name", "kind", "max_entries", "key", "value", "declared", "_codecs")
    _fields = ("name", "kind", "max_entries", "key", "value")

    def __init__(
        self,
        name: str,
        kind: str,
        max_entries: int,
        key: TypeDesc | None = None,
        value: TypeDesc | None = None,
        declared: tuple[Any, Any] | None = None,
    ) -> None:
        self.name = name
        self.kind = kind
        self.max_entries = max_entries
        self.key = key
        self.value = value
        self.declared = declared
        self._codecs: tuple[Any, Any] | None = None

    @classmethod
    def of(cls, name: str, decl: Any) -> MapSpec:
        """The spec of a map declaration (``pyoombpf.dsl.maps.MapDecl``) named ``name`` in the object."""
        key, value = decl.key_type, decl.value_type
        return cls(name, decl.kind, decl.max_entries, TypeDesc.of(key), TypeDesc.of(value), (key, value))

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "max_entries": self.max_entries,
            "key": self.key.to_dict() if self.key else None,
            "value": self.value.to_dict() if self.value else None,
        }

    @classmethod
    def from_dict(cls, name: str, d: dict[str, Any]) -> MapSpec:
        return cls(
            name, d["kind"], int(d["max_entries"]), TypeDesc.from_dict(d.get("key")), TypeDesc.from_dict(d.get("value"))
        )

    @property
    def is_hash(self) -> bool:
        """A hash map, LRU or not (what user space can fill by key)."""
        return self.kind in HASH_KINDS

    @property
    def int_key(self) -> tuple[int, bool] | None:
        """(bits, signed) when the key is an integer."""
        return (self.key.bits, self.key.signed) if self.key is not None and self.key.kind == "int" else None

    @property
    def int_value(self) -> tuple[int, bool] | None:
        return (self.value.bits, self.value.signed) if self.value is not None and self.value.kind == "int" else None

    @property
    def record_fields(self) -> dict[str, Any] | None:
        """Field name → ``(bits, signed)`` (or ``"bool"``) when the value is a record."""
        if self.value is None or self.value.kind != "record":
            return None
        return {n: ("bool" if f.kind == "bool" else (f.bits, f.signed)) for n, f in self.value.fields}

    @property
    def key_codec(self) -> Any:
        return self.codecs()[0]

    @property
    def value_codec(self) -> Any:
        return self.codecs()[1]

    def _codec(self, which: int, desc: TypeDesc | None) -> Any:
        if desc is None:
            return None
        declared = self.declared[which] if self.declared is not None else None
        pycls = getattr(declared, "pycls", None)
        return pycls if pycls is not None else desc.codec()

    def codecs(self) -> tuple[Any, Any]:
        """(key codec, value codec); None for what the map does not have (a ring buffer's key)."""
        if self._codecs is None:
            self._codecs = (self._codec(0, self.key), self._codec(1, self.value))
        return self._codecs


class ProgramSpec(_Value):
    """One program of the object: its symbol and ELF section (``syscall``, ``struct_ops.s/…``, ``tp_btf.s/…``)."""

    __slots__ = _fields = ("name", "section")

    def __init__(self, name: str, section: str) -> None:
        self.name = name
        self.section = section


# --------------------------------------------------------------------------------------------- the kernel


class KernelFingerprint(_Value):
    """The kernel description an object was compiled against.

    ``btf``: the content digest of the kernel BTF the compiler read (``""``: none — the bundled description
    only); ``release``: ``uname -r`` when that BTF was the running kernel's; ``source``: where it was read;
    ``bundle``: the ABI versions of pyoombpf's bundled description (``oom v3, psi v2``)."""

    __slots__ = _fields = ("btf", "release", "source", "bundle")

    def __init__(self, btf: str, release: str = "", source: str = "", bundle: str = "") -> None:
        self.btf = btf
        self.release = release
        self.source = source
        self.bundle = bundle

    @classmethod
    def of(cls, types: Any) -> KernelFingerprint:
        """The fingerprint of a ``TypeSource`` (the kernel BTF it layers over, and its bundle)."""
        import os

        spec = getattr(types, "spec", None)
        bundle = f"oom {getattr(types, 'abi', '?')}, psi {getattr(types, 'psi_abi', '?')}"
        if spec is None:
            return cls("", "", "", bundle)
        source = str(getattr(spec, "source", ""))
        release = os.uname().release if os.path.realpath(source).startswith("/sys/") else ""
        return cls(str(spec.key), release, source, bundle)

    def describe(self) -> str:
        if not self.btf:
            return f"pyoombpf's bundled kernel description ({self.bundle}; no kernel BTF)"
        who = f"kernel {self.release}" if self.release else f"the kernel BTF in {self.source}"
        return f"{who} (BTF {self.btf[:12]})"

    def to_dict(self) -> dict[str, str]:
        return {"btf": self.btf, "release": self.release, "source": self.source, "bundle": self.bundle}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> KernelFingerprint | None:
        if not d:
            return None
        return cls(str(d.get("btf", "")), str(d.get("release", "")), str(d.get("source", "")), str(d.get("bundle", "")))


# --------------------------------------------------------------------------------------------- the object


class ObjectSpec(_Value):
    """A compiled object ready to load.  ``mode``: ``syscall``, ``struct_ops``, ``bridge`` or ``psi`` (what
    ``CompiledObject.kind`` says); ``symbol``: the struct_ops map's (bridge: the program's) symbol;
    ``kill_reasons``: bridge mode's reason of each kill site (indexed by ``KillRecord.reason``);
    ``releases``: bridge mode's release-action call sites (indexed by ``ActionRecord.site``), each
    ``[kind, tag, seconds, then]`` (pyoombpf/bridge/abi.py);
    ``constants``: the policy module's upper-case integer constants (a configuration file may name them);
    ``kernel_bound``: the object only works on the kernel of ``kernel`` (bridge mode)."""

    _fields = (
        "name", "mode", "elf", "symbol", "abi", "programs", "maps", "kill_reasons", "constants", "kernel",
        "kernel_bound", "releases",
    )  # fmt: skip
    __slots__ = _fields
    __hash__ = None  # type: ignore[assignment]

    def __init__(
        self,
        name: str,
        mode: str,
        elf: bytes,
        symbol: str = "",
        abi: str = "",
        programs: tuple[ProgramSpec, ...] = (),
        maps: dict[str, MapSpec] | None = None,
        kill_reasons: list[str] | None = None,
        constants: dict[str, int] | None = None,
        kernel: KernelFingerprint | None = None,
        kernel_bound: bool = False,
        releases: list[list[Any]] | None = None,
    ) -> None:
        self.name = name
        self.mode = mode
        self.elf = elf
        self.symbol = symbol
        self.abi = abi
        self.programs = programs
        self.maps: dict[str, MapSpec] = {} if maps is None else maps
        self.kill_reasons: list[str] = [] if kill_reasons is None else kill_reasons
        self.constants: dict[str, int] = {} if constants is None else constants
        self.kernel = kernel
        self.kernel_bound = kernel_bound
        self.releases: list[list[Any]] = [] if releases is None else releases

    def __repr__(self) -> str:
        return f"ObjectSpec(name={self.name!r}, mode={self.mode!r}, {len(self.elf)} bytes of ELF)"

    @property
    def kind(self) -> str:
        """The mode (the name ``CompiledObject`` has always used)."""
        return self.mode

    @property
    def spec(self) -> ObjectSpec:
        return self

    def map(self, name: str) -> MapSpec:
        found = self.maps.get(name)
        if found is None:
            raise KeyError(f"{self.name} has no map {name!r} (it has: {', '.join(self.maps) or 'none'})")
        return found

    def map_codecs(self, name: str) -> tuple[Any, Any]:
        """(key codec, value codec) of the map ``name``, as declared."""
        return self.map(name).codecs()

    # ------------------------------------------------------------------------------------------ the kernel

    def check_kernel(self, running_btf: str | None = None) -> None:
        """Refuse to load a kernel-bound object on another kernel than the one it was compiled against.
        ``running_btf``: the running kernel's BTF digest (default: read through the BTF cache)."""
        if not self.kernel_bound or self.kernel is None:
            return
        if running_btf is None:
            from pyoombpf.btf.loader import vmlinux_digest

            running_btf = vmlinux_digest() or ""
        if running_btf == self.kernel.btf:
            return
        import os

        here = f"kernel {os.uname().release} (BTF {running_btf[:12]})" if running_btf else "this kernel (no BTF)"
        raise KernelMismatchError(
            f"{self.name} was compiled for {self.mode} mode against {self.kernel.describe()}, and this is "
            f"{here}: a {self.mode}-mode object carries that kernel's enum values and counter layout, so it "
            "would read the wrong numbers here; compile it again on this machine (pyoombpf run compiles the "
            "policy file for you)"
        )

    # ------------------------------------------------------------------------------------------ serialising

    def describe(self) -> dict[str, Any]:
        """Everything but the ELF, as JSON-able data (``releases`` only when there are some)."""
        out = {
            "version": SPEC_VERSION,
            "name": self.name,
            "mode": self.mode,
            "symbol": self.symbol,
            "abi": self.abi,
            "programs": [[p.name, p.section] for p in self.programs],
            "maps": {n: m.to_dict() for n, m in self.maps.items()},
            "kill_reasons": list(self.kill_reasons),
            "constants": dict(self.constants),
            "kernel": self.kernel.to_dict() if self.kernel else None,
            "kernel_bound": self.kernel_bound,
        }
        if self.releases:
            out["releases"] = [list(r) for r in self.releases]
        return out

    @classmethod
    def from_description(cls, d: dict[str, Any], elf: bytes) -> ObjectSpec:
        return cls(
            name=str(d["name"]),
            mode=str(d["mode"]),
            elf=elf,
            symbol=str(d.get("symbol", "")),
            abi=str(d.get("abi", "")),
            programs=tuple(ProgramSpec(str(n), str(s)) for n, s in d.get("programs", ())),
            maps={n: MapSpec.from_dict(n, m) for n, m in d.get("maps", {}).items()},
            kill_reasons=[str(r) for r in d.get("kill_reasons", ())],
            constants={str(k): int(v) for k, v in d.get("constants", {}).items()},
            kernel=KernelFingerprint.from_dict(d.get("kernel")),
            kernel_bound=bool(d.get("kernel_bound", False)),
            releases=[[str(k), str(t), int(n), str(w)] for k, t, n, w in d.get("releases", ())],
        )

    def to_json(self) -> str:
        """One JSON line, the ELF in hex (what the compile child sends the relay; hex, not base64, so reading it
        costs the relay no module)."""
        return json.dumps({**self.describe(), "elf": self.elf.hex()})

    @classmethod
    def from_json(cls, text: str) -> ObjectSpec:
        d = json.loads(text)
        return cls.from_description(d, bytes.fromhex(d["elf"]))

    def note(self) -> bytes:
        """The contents of the object's ``.debug_pyoombpf.spec`` section."""
        return json.dumps(self.describe(), sort_keys=True, separators=(",", ":")).encode()

    @classmethod
    def from_elf(cls, elf: bytes) -> ObjectSpec | None:
        """The spec an object file carries (None for objects without one: C programs, older pyoombpf)."""
        from pyoombpf.elf import section_map  # the loader's, not the relay's

        try:
            found = section_map(elf).get(SPEC_SECTION)
            if found is None:
                return None
            return cls.from_description(json.loads(found.data(elf).decode()), bytes(elf))
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            return None


def constants(module: Any) -> dict[str, int]:
    """A policy module's integer constants (``module``: the module or its namespace): upper-case module-level
    names bound to an ``int`` (not a bool) that fits 64 bits, as a configuration file may name them
    (``mode = "OMIT"``)."""
    namespace = module if isinstance(module, dict) else vars(module)
    return {
        n: v
        for n, v in namespace.items()
        if type(v) is int and n.isupper() and not n.startswith("_") and -(1 << 63) <= v < 1 << 64
    }


def describe_maps(program: Any) -> dict[str, MapSpec]:
    """The maps a typed program (``CompiledObject.program``) declares, by name."""
    return {ref.name: MapSpec.of(ref.name, ref.decl) for ref in program.globals.get("maps", {}).values()}


def as_spec(obj: Any) -> ObjectSpec:
    """The :class:`ObjectSpec` of a ``CompiledObject`` (or the spec itself)."""
    spec = getattr(obj, "spec", None)
    if not isinstance(spec, ObjectSpec):
        raise TypeError(f"{obj!r} is not a compiled pyoombpf object")
    return spec
