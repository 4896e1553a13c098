"""Kernel structs in the module: CO-RE member access and the DWARF that describes the accessed members.

A member read becomes ``llvm.preserve.{struct,union}.access.index`` on the base pointer; LLVM's BPF passes turn
each into a CO-RE relocation that libbpf resolves against the running kernel, by member *name*.  So a local
struct description only has to be right about the members the program touches:

* every struct the program touches is described with the members it accesses and no others, each at its real
  offset, with its real type, in BTF order; an access names its member by its position in that description, so
  the positions are given when the module is finished (before, every member up to the last one accessed was
  described, the others as ``char`` placeholders: a third of the IR text for a policy reading ``task->signal``,
  and the same bytes again in the object's ``.BTF``, parsed, printed and emitted on every compile);
* each struct is named ``<name>___pyo<serial>``: libbpf ignores a ``___`` suffix when matching, and a per-module
  name keeps LLVM from ever seeing two modules' CO-RE globals for the same access (a crash seen when a
  second module in one process repeated an access; see docs/language.md).

The element lists, the access positions and the LLVM struct bodies are filled in when the module is finished,
once every access is known.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import llvmlite.ir as ir

from pyoombpf.btf import types as B
from pyoombpf.errors import LoweringError

if TYPE_CHECKING:
    from pyoombpf.lowering.context import Lowering, Module

Tok = ir.DIToken


class _ElementType(ir.values.ArgumentAttributes):
    """``elementtype(<struct>)`` on an opaque pointer argument (llvmlite only prints it for typed pointers)."""

    def __init__(self, ty: ir.Type) -> None:
        super().__init__()
        self._ty = ty

    def _to_list(self, typ: ir.Type) -> list[str]:
        return [f"elementtype({self._ty})"]


class _Position(ir.Constant):
    """An ``i32`` member index of a CO-RE access: the member's BTF position while the module is lowered, its
    position among the described members once the module is finished (:meth:`KernelTypes._fill`).  Printed as it
    is when printed, never cached (llvmlite caches a constant's text; the module is printed only when finished)."""

    def __init__(self, index: int) -> None:
        super().__init__(ir.IntType(32), index)

    def __str__(self) -> str:
        return f"i32 {self.constant}"

    def get_reference(self) -> str:
        return str(self.constant)


class _StructInfo:
    def __init__(self, struct: B.Struct, di: Any) -> None:
        self.struct = struct
        self.di = di
        self.llty: ir.Type | None = None
        self.accessed: set[int] = set()
        #: the index operands of this struct's accesses, numbered by BTF position until the module is finished
        self.indexes: list[_Position] = []


class KernelTypes:
    def __init__(self, ml: Module) -> None:
        self.ml = ml
        self._structs: dict[Any, _StructInfo] = {}
        self._llvm_names = 0  # LLVM struct types made so far: their names are numbered in order, not by id()
        self._by_name: dict[tuple[str, bool], Any] = {}
        self._intrinsics: dict[str, ir.Function] = {}

    # ------------------------------------------------------------------------------------------ types

    def llvm_pointer(self) -> ir.Type:
        return ir.PointerType()

    def _key(self, s: B.Struct) -> Any:
        return (s.name, s.is_union) if s.name else ("anon", id(s))

    def info(self, s: B.Struct) -> _StructInfo:
        key = self._key(s)
        info = self._structs.get(key)
        if info is None:
            m = self.ml.module
            tag = "DW_TAG_union_type" if s.is_union else "DW_TAG_structure_type"
            ops: dict[str, Any] = {
                "tag": Tok(tag),
                "file": self.ml.di.file,
                "size": s.size * 8,
                "elements": m.add_metadata([]),
            }
            if s.name:
                ops["name"] = f"{s.name}___pyo{self.ml.serial}"
            from pyoombpf.lowering.debuginfo import distinct

            di = distinct(m, "DICompositeType", ops)
            info = self._structs[key] = _StructInfo(s, di)
        elif s.members and not info.struct.members:
            info.struct = s  # first seen as a kfunc parameter's pointee (by name only); now with members
        return info

    def _llvm_struct(self, info: _StructInfo) -> ir.Type:
        if info.llty is None:
            self._llvm_names += 1  # the module has its own context: the number only tells two same-named apart
            name = f"struct.{info.struct.name or 'anon'}.{self._llvm_names}"
            info.llty = self.ml.module.context.get_identified_type(name)  # its body: when finished (_fill)
        return info.llty

    def di_pointer(self, s: B.Struct) -> Any:
        return self.ml.di.pointer(self.info(s).di)

    def di_struct_named(self, name: str, size: int, union: bool) -> Any:
        """A struct known only by name (a kfunc parameter's pointee): complete, sized, no members needed."""
        for key, info in self._structs.items():
            if key == (name, union):
                return info.di
        return self.info(B.Struct(name, size, (), union)).di

    # ------------------------------------------------------------------------------------------ access

    def member_address(self, fl: Lowering, base: ir.Value, s: B.Struct, index: int) -> ir.Value:
        """Address of member ``index`` of the struct ``base`` points to, as a CO-RE relocatable access."""
        info = self.info(s)
        if not 0 <= index < len(info.struct.members):
            raise LoweringError(f"internal: member index {index} out of range for {s.keyword} {s.name}")
        info.accessed.add(index)
        kind = "union" if s.is_union else "struct"
        fn = self._intrinsic(kind)
        positions = [_Position(index), _Position(index)] if kind == "struct" else [_Position(index)]
        info.indexes.extend(positions)
        args: list[ir.Value] = [base, *positions]
        call = fl.b.call(fn, args)
        call.arg_attributes[0] = _ElementType(self._llvm_struct(info))
        call.set_metadata("llvm.preserve.access.index", info.di)
        return call

    def array_element_address(self, fl: Lowering, base: ir.Value, arr: B.Array, index: ir.Value) -> ir.Value:
        """Address of ``arr[index]`` (``base`` is the array's address).  A constant index inside the array is a
        CO-RE access (``llvm.preserve.array.access.index``): libbpf relocates it with the running kernel's element
        size, which differs between builds for arrays of structs (``mm->rss_stat[]``: ``struct percpu_counter``
        grows with lock debugging).  A run-time index (or one past a flexible array's end) is plain arithmetic."""
        if (
            isinstance(index, ir.Constant)
            and isinstance(index.constant, int)
            and 0 <= index.constant < arr.nelems
            and not isinstance(B.strip(arr.elem), B.Array)  # (one dimension: the shape clang emits and LLVM takes)
            and self._is_core_access(base)
        ):
            return self._core_element_address(fl, base, arr, index.constant)
        elem = B.strip(arr.elem)
        size = B.sizeof(elem)
        return fl.b.gep(
            base, [fl.b.mul(index, ir.Constant(index.type, size))], inbounds=True, source_etype=ir.IntType(8)
        )

    def _is_core_access(self, value: ir.Value) -> bool:
        """Whether ``value`` is the result of one of our CO-RE access intrinsics (a chain LLVM can relocate)."""
        return isinstance(value, ir.CallInstr) and value.callee in self._intrinsics.values()

    def _core_element_address(self, fl: Lowering, base: ir.Value, arr: B.Array, index: int) -> ir.Value:
        fn = self._intrinsic("array")
        i32 = ir.IntType(32)
        call = fl.b.call(fn, [base, ir.Constant(i32, 1), ir.Constant(i32, index)])  # dimension 1 of a 1-D array
        call.arg_attributes[0] = _ElementType(self._llvm_type(arr))
        call.set_metadata("llvm.preserve.access.index", self.member_di(arr))
        return call

    def _llvm_type(self, t: B.Type) -> ir.Type:
        """The LLVM type a CO-RE intrinsic's ``elementtype`` names (the layout comes from the debug info)."""
        s = B.strip(t)
        if isinstance(s, B.Struct):
            return self._llvm_struct(self.info(s))
        if isinstance(s, B.Array):
            return ir.ArrayType(self._llvm_type(s.elem), s.nelems)
        if isinstance(s, B.Ptr):
            return ir.PointerType()
        return ir.IntType(max(B.sizeof(s), 1) * 8)

    def _intrinsic(self, kind: str) -> ir.Function:
        fn = self._intrinsics.get(kind)
        if fn is None:
            ptr = ir.PointerType()
            if kind in ("struct", "array"):
                ty = ir.FunctionType(ptr, [ptr, ir.IntType(32), ir.IntType(32)])
                name = f"llvm.preserve.{kind}.access.index.p0.p0"
            else:
                ty = ir.FunctionType(ptr, [ptr, ir.IntType(32)])
                name = "llvm.preserve.union.access.index.p0.p0"
            fn = self._intrinsics[kind] = ir.Function(self.ml.module, ty, name=name)
        return fn

    # ------------------------------------------------------------------------------------------ finishing

    def finish(self) -> None:
        """Fill every described struct's element list (may describe more structs: loop until stable)."""
        done: set[Any] = set()
        while True:
            pending = [k for k in self._structs if k not in done]
            if not pending:
                return
            for key in pending:
                done.add(key)
                self._fill(self._structs[key])

    def _fill(self, info: _StructInfo) -> None:
        m = self.ml.module
        elements = []
        # only the accessed members are described: an access's index becomes its member's position among them
        accessed = sorted(info.accessed)
        position = {old: new for new, old in enumerate(accessed)}
        for c in info.indexes:
            c.constant = position[c.constant]
        info.indexes.clear()
        if info.llty is not None:
            info.llty.set_body(*([ir.IntType(8)] * max(len(accessed), 1)))
        member, file = Tok("DW_TAG_member"), self.ml.di.file
        for i in accessed:
            mem = info.struct.members[i]
            ops: dict[str, Any] = {
                "tag": member,
                "name": mem.name,
                "scope": info.di,
                "file": file,
                "baseType": self.member_di(mem.type),
                "offset": mem.bit_offset,
            }
            size = _bits(mem.type)
            if size:
                ops["size"] = size
            # unique already: its scope is this struct's distinct node, and each member is described once
            elements.append(m.add_fresh_debug_info("DIDerivedType", ops))
        info.di.operands = tuple((k, m.add_metadata(elements) if k == "elements" else v) for k, v in info.di.operands)

    def member_di(self, t: B.Type) -> Any:
        di = self.ml.di
        s = B.strip(t)
        if isinstance(s, B.Int):
            enc = (
                "DW_ATE_boolean"
                if s.is_bool
                else (
                    ("DW_ATE_signed_char" if s.signed else "DW_ATE_unsigned_char")
                    if s.is_char
                    else ("DW_ATE_signed" if s.signed else "DW_ATE_unsigned")
                )
            )
            return di.basic(s.name, s.size * 8, enc)
        if isinstance(s, B.Enum):
            return di.basic(
                "unsigned int" if not s.signed else "int",
                s.size * 8,
                "DW_ATE_signed" if s.signed else "DW_ATE_unsigned",
            )
        if isinstance(s, B.Ptr):
            target = B.strip(s.target)
            if isinstance(target, B.Struct):
                return di.pointer(self.info(target).di)
            return di.pointer(None)
        if isinstance(s, B.Struct):
            return self.info(s).di
        if isinstance(s, B.Array):
            m = self.ml.module
            sub = m.add_debug_info("DISubrange", {"count": s.nelems})
            return m.add_debug_info(
                "DICompositeType",
                {
                    "tag": Tok("DW_TAG_array_type"),
                    "baseType": self.member_di(s.elem),
                    "size": _bits(s),
                    "elements": m.add_metadata([sub]),
                },
            )
        return di.basic("char", 8, "DW_ATE_signed_char")


def _bits(t: B.Type) -> int:
    try:
        return B.sizeof(t) * 8
    except Exception:  # noqa: BLE001 - an unsized member (flexible array): no size attribute
        return 0
