"""TypeSource: the kernel's BTF first, pyoombpf's bundled ABI description second.

::

    src = TypeSource(abi="v3")                 # spec defaults to the running kernel's BTF (or none)
    ops = src.struct("bpf_oom_ops")            # ops.origin == "bundle" on a kernel without the series
    oc = src.struct("oom_control")             # kernel struct + the series' members: origin "kernel+bundle"
    src.func("bpf_out_of_memory").proto        # the v3 form
    src.enum_value("BPF_OOM_FLAGS_WAIT_ON_OOM_LOCK")

Rules, in order, for ``lookup(kind, name)``:

1. A struct/union/func declared by the selected ABI version's file (``bpf_oom_ops``, ``bpf_oom_ctx``,
   ``bpf_out_of_memory``, ``bpf_psi_ops`` ...) comes from the kernel only if the kernel implements that
   same ABI version (see :mod:`pyoombpf.btf.probe`); otherwise from the bundle, so compiling for v2 on a
   v3 kernel gives v2 shapes.  ``abi="auto"`` selects the kernel's version (v3 when it has none).
2. Anything else: the kernel's BTF if it has the name, else the bundle.
3. A struct the bundle *extends* (``__extend struct oom_control {...}``) gets the extension members the
   kernel's (or bundle's) definition lacks appended at natural alignment; ``origin`` becomes
   ``"kernel+bundle"``.  Offsets of appended members are placeholders resolved by CO-RE at load time.

Every returned type carries ``.origin``: ``"kernel"``, ``"bundle"`` or ``"kernel+bundle"``.  Types reached
from a bundle type by name (``struct oom_control *`` inside ``bpf_oom_ops``) resolve through the same rules,
lazily.
"""

from __future__ import annotations

from pyoombpf.btf import cdecl as C
from pyoombpf.btf import probe
from pyoombpf.btf.bundle import DEFAULT_OOM_ABI, DEFAULT_PSI_ABI, Bundle, load_bundle
from pyoombpf.btf.errors import TypeNotFoundError, close_matches
from pyoombpf.btf.loader import try_vmlinux
from pyoombpf.btf.spec import BtfSpec
from pyoombpf.btf.types import (
    Array,
    Const,
    Enum,
    FixedRef,
    Float,
    Func,
    FuncProto,
    Fwd,
    Int,
    Member,
    NamedRef,
    Param,
    Ptr,
    Restrict,
    Struct,
    Type,
    Typedef,
    TypeRef,
    Void,
    Volatile,
    alignof,
    sizeof,
    strip,
)

BUNDLE = "bundle"
KERNEL = "kernel"
EXTENDED = "kernel+bundle"

# C base types, named as the kernel's BTF (gcc + pahole) names them.
_BASE: dict[str, Type] = {
    "void": Void(origin=BUNDLE),
    "char": Int("char", 1, signed=True, is_char=True, origin=BUNDLE),
    "signed char": Int("signed char", 1, signed=True, is_char=True, origin=BUNDLE),
    "unsigned char": Int("unsigned char", 1, is_char=True, origin=BUNDLE),
    "short": Int("short int", 2, signed=True, origin=BUNDLE),
    "unsigned short": Int("short unsigned int", 2, origin=BUNDLE),
    "int": Int("int", 4, signed=True, origin=BUNDLE),
    "unsigned int": Int("unsigned int", 4, origin=BUNDLE),
    "long": Int("long int", 8, signed=True, origin=BUNDLE),
    "unsigned long": Int("long unsigned int", 8, origin=BUNDLE),
    "long long": Int("long long int", 8, signed=True, origin=BUNDLE),
    "unsigned long long": Int("long long unsigned int", 8, origin=BUNDLE),
    "_Bool": Int("_Bool", 1, is_bool=True, origin=BUNDLE),
    "float": Float("float", 4, origin=BUNDLE),
    "double": Float("double", 8, origin=BUNDLE),
}

_DEFAULT = object()


class TypeSource:
    """Layered type lookup: ``spec`` (kernel BTF, may be ``None``) first, the bundled description second.

    ``spec`` defaults to :func:`pyoombpf.btf.try_vmlinux` (so compiling works on a machine without BTF);
    ``abi`` is the BPF OOM ABI version (``"v2"``, ``"v3"`` default, ``"post-v3"`` or ``"auto"``);
    ``psi_abi`` the BPF PSI one (``"v3"`` default, ``"v2"`` or ``"auto"``).  Lookups are cached per instance.
    """

    def __init__(
        self,
        spec: BtfSpec | None | object = _DEFAULT,
        abi: str = DEFAULT_OOM_ABI,
        psi_abi: str = DEFAULT_PSI_ABI,
    ) -> None:
        self.spec: BtfSpec | None = try_vmlinux() if spec is _DEFAULT else spec  # type: ignore[assignment]
        self.kernel_oom_abi = probe.oom_abi(self.spec)
        self.kernel_psi_abis = probe.psi_abis(self.spec)
        if abi == "auto":
            abi = self.kernel_oom_abi or DEFAULT_OOM_ABI
        if psi_abi == "auto":
            psi_abi = (self.kernel_psi_abis or (DEFAULT_PSI_ABI,))[0]
        self.abi = abi
        self.psi_abi = psi_abi
        self.bundle: Bundle = load_bundle(abi, psi_abi)
        self._cache: dict[tuple[str, str], Type] = {}

    def __repr__(self) -> str:
        kernel = self.spec.source if self.spec else None
        return f"<TypeSource kernel={kernel} abi={self.abi} psi={self.psi_abi}>"

    # ------------------------------------------------------------------------------------------ lookups

    def lookup(self, kind: str, name: str) -> Type:
        """The type ``kind name`` (struct, union, enum, typedef, func) per the rules in the module doc."""
        key = (kind, name)
        t = self._cache.get(key)
        if t is None:
            t = self._lookup(kind, name)
            self._cache[key] = t
        return t

    def struct(self, name: str) -> Struct:
        return self._typed("struct", name, Struct)  # type: ignore[return-value]

    def union(self, name: str) -> Struct:
        return self._typed("union", name, Struct)  # type: ignore[return-value]

    def enum(self, name: str) -> Enum:
        return self._typed("enum", name, Enum)  # type: ignore[return-value]

    def typedef(self, name: str) -> Typedef:
        return self._typed("typedef", name, Typedef)  # type: ignore[return-value]

    def func(self, name: str) -> Func:
        return self._typed("func", name, Func)  # type: ignore[return-value]

    def has(self, kind: str, name: str) -> bool:
        try:
            self.lookup(kind, name)
        except TypeNotFoundError:
            return False
        return True

    def kfunc(self, name: str) -> Func:
        """Like :meth:`func`, but the function must be a kfunc (kernel-tagged or declared ``__bpf_kfunc``)."""
        f = self.func(name)
        if not f.is_kfunc:
            raise TypeNotFoundError(
                "kfunc", name, f"{self._where()} (a function of that name exists but is not a kfunc)"
            )
        return f

    def kfuncs(self) -> frozenset[str]:
        """Kfunc names known from the kernel or the bundle."""
        bundled = {n for n, d in self.bundle.funcs.items() if d.kfunc}
        return frozenset(bundled | (self.spec.kfuncs() if self.spec is not None else frozenset()))

    def enum_value(self, name: str) -> tuple[Enum, int]:
        """The enum declaring enumerator ``name`` and its value: kernel first, then the bundle."""
        if self.spec is not None:
            try:
                return self.spec.enum_value(name)
            except TypeNotFoundError:
                pass
        found = self.bundle.enumerators.get(name)
        if found is None:
            raise TypeNotFoundError("enumerator", name, self._where())
        decl, value = found
        key = ("bundle enum", decl.name or str(id(decl)))  # the bundle's own enum: it has the enumerator
        enum = self._cache.get(key)
        if enum is None:
            enum = self._cache[key] = self._enum(decl)
        assert isinstance(enum, Enum)
        return enum, value

    def constant(self, name: str) -> int:
        """An integer constant: a bundled ``#define`` (``BPF_PSI_FULL``, ``CSS_TASK_ITER_PROCS``) or any
        enumerator (:meth:`enum_value`)."""
        if name in self.bundle.defines:
            return self.bundle.defines[name]
        return self.enum_value(name)[1]

    @staticmethod
    def resolve(t: Type) -> Type:
        """``t`` without typedef/const/volatile/restrict/type_tag wrappers."""
        return strip(t)

    # ------------------------------------------------------------------------------------------ internals

    def _typed(self, kind: str, name: str, cls: type) -> Type:
        t = self.lookup(kind, name)
        if not isinstance(t, cls):
            raise TypeNotFoundError(kind, name, f"{self._where()} (only an opaque forward declaration is known)")
        return t

    def _where(self) -> str:
        bundle = f"the bundled ABI description (oom {self.abi}, psi {self.psi_abi})"
        if self.spec is None:
            return f"{bundle}; there is no kernel BTF"
        return f"kernel BTF ({self.spec.source}) or {bundle}"

    def _kernel_allowed(self, key: tuple[str, str]) -> bool:
        if key in self.bundle.oom_specific and self.kernel_oom_abi != self.abi:
            return False
        return not (key in self.bundle.psi_specific and self.psi_abi not in self.kernel_psi_abis)

    def _lookup(self, kind: str, name: str) -> Type:
        key = (kind, name)
        if self.spec is not None and self._kernel_allowed(key):
            found = self._from_kernel(kind, name)
            if found is not None:
                return self._maybe_extend(found, key)
        t = self._from_bundle(kind, name)
        if t is not None:
            return t
        raise TypeNotFoundError(kind, name, self._where(), close_matches(name, self._names(kind)))

    def _names(self, kind: str) -> list[str]:
        """Candidates for 'did you mean' (kernel functions excluded: 56k names make difflib slow)."""
        names = self.bundle.names(kind)
        if self.spec is not None and kind in ("struct", "union", "enum", "typedef"):
            names += self.spec.names(kind)
        return names

    def _from_kernel(self, kind: str, name: str) -> Type | None:
        assert self.spec is not None
        if kind not in ("struct", "union", "enum", "typedef", "func", "fwd", "int", "float", "var"):
            raise ValueError(f"unknown lookup kind {kind!r}")
        return self.spec.find(kind, name)

    def _from_bundle(self, kind: str, name: str) -> Type | None:
        b = self.bundle
        key = (kind, name)
        if key in b.structs:
            return self._struct(b.structs[key], b.extensions.get(key, []), BUNDLE)
        if key in b.extensions:  # extended struct the kernel lacks entirely: the extension is all we know
            return self._struct(C.StructDecl(name, kind == "union", ()), b.extensions[key], BUNDLE)
        if key in b.fwds:
            return Fwd(name, kind == "union", origin=BUNDLE)
        if kind == "enum" and name in b.enums:
            return self._enum(b.enums[name])
        if kind == "typedef" and name in b.typedefs:
            return Typedef(name, self._ref(b.typedefs[name].ctype), origin=BUNDLE)
        if kind == "func" and name in b.funcs:
            d = b.funcs[name]
            return Func(name, self._ref(d.ctype), "extern", d.kfunc, origin=BUNDLE)
        return None

    def _maybe_extend(self, t: Type, key: tuple[str, str]) -> Type:
        ext = self.bundle.extensions.get(key)
        if not ext or not isinstance(t, Struct):
            return t
        have = set(t.member_names())
        missing = [m for m in ext if m.name not in have]
        if not missing:
            return t
        members, size = self._layout(missing, t.is_union, start_bits=t.size * 8, start_align=alignof(t))
        return Struct(t.name, size, t.members + members, t.is_union, origin=EXTENDED)

    # -- materialising bundle declarations

    def _struct(self, decl: C.StructDecl, extra: list[C.MemberDecl], origin: str) -> Struct:
        members, size = self._layout([*decl.members, *extra], decl.is_union)
        return Struct(decl.name, size, members, decl.is_union, origin=origin)

    def _enum(self, decl: C.EnumDecl) -> Enum:
        values = dict(decl.values)
        lo, hi = min(values.values(), default=0), max(values.values(), default=0)
        size = 4 if lo >= -(1 << 31) and hi < (1 << 32) else 8
        return Enum(decl.name, size, lo < 0, values, origin=BUNDLE)

    def _ref(self, c: C.CType) -> TypeRef:
        if isinstance(c, C.CNamed):
            return NamedRef(self, c.kind, c.name)
        return FixedRef(self._build(c))

    def _build(self, c: C.CType) -> Type:
        if isinstance(c, C.CBase):
            return _BASE[c.name]
        if isinstance(c, C.CPtr):
            return Ptr(self._ref(c.target), origin=BUNDLE)
        if isinstance(c, C.CArray):
            return Array(self._ref(c.elem), c.n, origin=BUNDLE)
        if isinstance(c, C.CQual):
            cls = {"const": Const, "volatile": Volatile, "restrict": Restrict}[c.qual]
            return cls(self._ref(c.target), origin=BUNDLE)
        if isinstance(c, C.CFunc):
            params = tuple(Param(n, self._ref(t)) for n, t in c.params)
            return FuncProto(self._ref(c.ret), params, c.variadic, origin=BUNDLE)
        if isinstance(c, C.CAnon):
            return self._struct(c.decl, [], BUNDLE)
        if isinstance(c, C.CNamed):
            return self.lookup(c.kind, c.name)
        raise TypeError(f"cannot build {c!r}")

    def _layout(
        self, decls: list[C.MemberDecl], is_union: bool, start_bits: int = 0, start_align: int = 1
    ) -> tuple[tuple[Member, ...], int]:
        """Natural (SysV x86-64 / BPF) layout of ``decls`` appended after ``start_bits``."""
        pos, end, align = start_bits, start_bits, start_align
        members = []
        for d in decls:
            ref = self._ref(d.ctype)
            t = ref.get()
            size, al = sizeof(t), alignof(t)
            unit = size * 8
            if d.bits is None:
                off = start_bits if is_union else _align(pos, al * 8)
                pos = off + unit
            else:
                if d.bits == 0 or (not is_union and (pos % unit) + d.bits > unit):
                    pos = _align(pos, unit)
                off = start_bits if is_union else pos
                pos = off + d.bits
            end = max(end, pos)
            align = max(align, al)
            if d.name or d.bits is None:  # unnamed bitfields are padding, not members
                members.append(Member(d.name, ref, off, d.bits or 0))
            if is_union:
                pos = start_bits
        return tuple(members), _align(end, align * 8) // 8


def _align(bits: int, to_bits: int) -> int:
    return (bits + to_bits - 1) // to_bits * to_bits
