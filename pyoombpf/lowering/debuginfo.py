"""DWARF metadata for the module: LLVM turns it into ``.BTF`` / ``.BTF.ext`` (types, func and line info).

The file recorded is the user's ``.py`` (absolute), so the verifier log quotes Python lines.
"""

from __future__ import annotations

import os
from typing import Any

import llvmlite.ir as ir

from pyoombpf.types.core import BoolType, IntType, Type

Tok = ir.DIToken
#: the largest column a DILocation holds
MAX_COLUMN = 65535


_META = ir.MetaDataType()
_NULL = _META(None)


class _Node(ir.DIValue):
    """A debug-info node (``!DIKind(...)``) compared and hashed by identity.

    :class:`MetadataModule` makes each uniqued node once per content, so identity stands for content, and a node
    used as an operand no longer hashes its operands recursively (llvmlite's content hash does, on every lookup
    of every node that refers to it).  A ``distinct`` node is never uniqued: it is itself (llvmlite's content
    hash would also recurse forever through the cycle subprogram → retained argument variable → subprogram)."""

    __hash__ = object.__hash__

    def __init__(self, module: ir.Module, is_distinct: bool, kind: str, operands: tuple[Any, ...]) -> None:
        # not ir.NamedValue.__init__: a metadata number needs no entry in the module's name scope
        self.parent = module
        self.type = _META
        self._name = str(len(module.metadata))
        self.is_distinct = is_distinct
        self.kind = kind
        self.operands = operands
        module.metadata.append(self)

    def __eq__(self, other: object) -> bool:
        return self is other

    def text(self) -> str:
        ops = ", ".join(f"{key}: {_operand_text(value)}" for key, value in self.operands)
        return f"{'distinct ' if self.is_distinct else ''}!{self.kind}({ops})"


class _Tuple(ir.MDValue):
    """A metadata tuple (``!{...}``), made once per content by :class:`MetadataModule`; identity is content."""

    __hash__ = object.__hash__

    def __init__(self, module: ir.Module, operands: tuple[Any, ...]) -> None:
        self.parent = module
        self.type = _META
        self._name = str(len(module.metadata))
        self.operands = operands
        module.metadata.append(self)

    def __eq__(self, other: object) -> bool:
        return self is other

    def text(self) -> str:
        ops = []
        for op in self.operands:
            if isinstance(op.type, ir.MetaDataType):
                null = op is _NULL or (isinstance(op, ir.Constant) and op.constant is None)
                ops.append("null" if null else op.get_reference())
            else:
                ops.append(f"{op.type} {op.get_reference()}")
        return "!{ " + ", ".join(ops) + " }"


def _operand_text(value: Any) -> str:
    """A debug-info operand as llvmlite's ``DIValue.descr`` prints it."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    t = type(value)
    if t is str:
        return f'"{_escape(value)}"'
    if t is int:
        return str(value)
    if t is ir.DIToken:
        return str(value.value)
    if isinstance(value, ir.Constant):
        return str(value)
    if isinstance(value, ir.NamedValue):
        return str(value.get_reference())
    raise TypeError(f"invalid operand type for debug info: {value!r}")


def _escape(text: str) -> str:
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return text
    return str(ir.values._escape_string(text))


def _key(value: Any) -> Any:
    """What identifies an operand's content: nodes by identity (made once per content), tokens and booleans
    apart from the strings and integers they equal in Python."""
    t = type(value)
    if t is str or t is int or value is None or isinstance(value, (_Node, _Tuple)):
        return value
    if t is ir.DIToken:
        return (t, value.value)
    if t is bool:
        return (t, value)
    if isinstance(value, ir.MetaDataString):
        return (ir.MetaDataString, value.string)
    if isinstance(value, ir.Constant):
        return (ir.Constant, str(value))
    return value


class MetadataModule(ir.Module):
    """An llvmlite module whose metadata is made and printed cheaply.

    llvmlite keys each debug-info node on its operands, and hashing a node hashes its operands recursively, so a
    module's hundreds of nodes cost a walk of the metadata graph each; printing goes through a generic
    formatter.  Here a node is made once per content and then stands for it by identity (see :class:`_Node`),
    and the printer writes the same text.  Two differences from llvmlite, both invisible to LLVM, which uniques
    equal nodes itself when it parses the module: tokens (``DW_TAG_member``) take part in a node's key by their
    value, not their identity, so equal nodes are printed once; and nodes are numbered in the order made."""

    def add_debug_info(self, kind: str, operands: dict[str, Any], is_distinct: bool = False) -> Any:
        items = []
        key: list[Any] = [kind]
        for name, op in sorted(operands.items()):
            if isinstance(op, (list, tuple)):
                op = self.add_metadata(op)
            items.append((name, op))
            key.append(name)
            key.append(_key(op))
        if is_distinct:
            return _Node(self, True, kind, tuple(items))
        k = tuple(key)
        node = self._metadatacache.get(k)
        if node is None:
            node = self._metadatacache[k] = _Node(self, False, kind, tuple(items))
        return node

    def add_fresh_debug_info(self, kind: str, operands: dict[str, Any]) -> Any:
        """A node no other is equal to (one with a ``distinct`` operand that no other node has, as the members of
        a struct description whose ``scope`` is that struct), made without its uniquing key; printed as
        :meth:`add_debug_info` prints it."""
        return _Node(self, False, kind, tuple(sorted(operands.items())))

    def add_metadata(self, operands: Any) -> Any:
        if not isinstance(operands, (list, tuple)):
            raise TypeError(f"expected a list or tuple of metadata values, got {operands!r}")
        ops = []
        for op in operands:
            if op is None:
                op = _NULL
            elif isinstance(op, str):
                op = ir.MetaDataString(self, op)
            elif isinstance(op, (list, tuple)):
                op = self.add_metadata(op)
            ops.append(op)
        k = ("!{}", *map(_key, ops))
        node = self._metadatacache.get(k)
        if node is None:
            node = self._metadatacache[k] = _Tuple(self, tuple(ops))
        return node

    def _get_metadata_lines(self) -> list[str]:
        lines = [
            f"!{name} = !{{ {', '.join(op.get_reference() for op in named.operands)} }}"
            for name, named in self.namedmetadata.items()
        ]
        for md in self.metadata:
            if isinstance(md, (_Node, _Tuple)):
                lines.append(f"!{md._name} = {md.text()}")
            else:
                lines.append(str(md))
        return lines


def distinct(module: ir.Module, kind: str, operands: dict[str, Any]) -> Any:
    """A ``distinct`` node: never merged with another, compared by identity."""
    ops = tuple(sorted(module._fix_di_operands(operands.items())))
    return _Node(module, True, kind, ops)


class DebugInfo:
    def __init__(self, module: ir.Module, filename: str) -> None:
        self.module = module
        self.file = self.file_of(filename)
        self.cu = module.add_debug_info(
            "DICompileUnit",
            {
                "language": Tok("DW_LANG_C99"),
                "file": self.file,
                "producer": "pyoombpf",
                "isOptimized": True,
                "runtimeVersion": 0,
                "emissionKind": Tok("FullDebug"),
                "nameTableKind": Tok("None"),
            },
            is_distinct=True,
        )
        module.add_named_metadata("llvm.dbg.cu", self.cu)
        flags = module.add_named_metadata("llvm.module.flags")
        i32 = ir.IntType(32)
        flags.add(module.add_metadata([i32(7), "Dwarf Version", i32(5)]))
        flags.add(module.add_metadata([i32(2), "Debug Info Version", i32(3)]))
        self._basic: dict[tuple[str, int, str], Any] = {}
        self._locations: dict[tuple[int, int, Any], Any] = {}

    def file_of(self, filename: str) -> Any:
        """The ``DIFile`` of a source file (one node per file: equal nodes are made once)."""
        path = os.path.abspath(filename) if not filename.startswith("<") else filename
        return self.module.add_debug_info(
            "DIFile", {"filename": os.path.basename(path), "directory": os.path.dirname(path)}
        )

    def basic(self, name: str, bits: int, encoding: str) -> Any:
        key = (name, bits, encoding)
        if key not in self._basic:
            self._basic[key] = self.module.add_debug_info(
                "DIBasicType", {"name": name, "size": bits, "encoding": Tok(encoding)}
            )
        return self._basic[key]

    def int_type(self, t: Type) -> Any:
        if isinstance(t, BoolType):
            return self.basic("_Bool", 8, "DW_ATE_boolean")
        if isinstance(t, IntType):
            return self.basic(_C_NAMES[(t.bits, t.signed)], t.bits, "DW_ATE_signed" if t.signed else "DW_ATE_unsigned")
        return None

    def pointer(self, target: Any) -> Any:
        return self.module.add_debug_info(
            "DIDerivedType", {"tag": Tok("DW_TAG_pointer_type"), "baseType": target, "size": 64}
        )

    def subprogram(
        self,
        name: str,
        line: int,
        ret: Any,
        params: list[Any],
        local: bool,
        definition: bool = True,
        param_names: list[str] | None = None,
        filename: str = "",
    ) -> Any:
        """A function's ``DISubprogram``, in ``filename`` (default: the module's file).  Its lines are that file's:
        LLVM copies the source lines of BTF line info from it, and the verifier's log quotes them."""
        file = self.file_of(filename) if filename else self.file
        sub_type = self.module.add_debug_info("DISubroutineType", {"types": self.module.add_metadata([ret, *params])})
        sp_flags = ["DISPFlagDefinition"] if definition else []
        sp_flags.append("DISPFlagOptimized")
        if local and definition:
            sp_flags.insert(0, "DISPFlagLocalToUnit")
        ops: dict[str, Any] = {
            "name": name,
            "scope": file,
            "file": file,
            "line": line,
            "type": sub_type,
            "scopeLine": line,
            "flags": Tok("DIFlagPrototyped"),
            "spFlags": Tok(" | ".join(sp_flags)),
        }
        if definition:
            ops["unit"] = self.cu
        sp = (
            distinct(self.module, "DISubprogram", ops)
            if definition
            else self.module.add_debug_info("DISubprogram", ops)
        )
        if param_names:
            # BTF takes parameter names from the subprogram's retained argument variables; the kernel rejects
            # a global function whose BTF parameters are anonymous.
            nodes = [
                self.module.add_debug_info(
                    "DILocalVariable",
                    {"name": n, "arg": i + 1, "scope": sp, "file": file, "line": line, "type": t},
                )
                for i, (n, t) in enumerate(zip(param_names, params, strict=True))
            ]
            sp.operands = (*sp.operands, ("retainedNodes", self.module.add_metadata(nodes)))
        return sp

    def location(self, line: int, col: int, scope: Any) -> Any:
        """The ``DILocation`` of (line, column) in ``scope`` (a subprogram: the key holds it by identity)."""
        # LLVM keeps columns in 16 bits (a longer line is legal Python; its far columns share the last value)
        key = (line, min(col, MAX_COLUMN), scope)
        loc = self._locations.get(key)
        if loc is None:
            loc = self._locations[key] = self.module.add_debug_info(
                "DILocation", {"line": key[0], "column": key[1], "scope": scope}
            )
        return loc


_C_NAMES = {
    (8, False): "unsigned char",
    (16, False): "unsigned short",
    (32, False): "unsigned int",
    (64, False): "unsigned long long",
    (8, True): "signed char",
    (16, True): "short",
    (32, True): "int",
    (64, True): "long long",
}
