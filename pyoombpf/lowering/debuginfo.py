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


class _DistinctDI(ir.DIValue):
    """A ``distinct`` node compared by identity.  llvmlite hashes metadata by content, which recurses forever
    through the cycle subprogram → retained argument variable → subprogram."""

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other


def distinct(module: ir.Module, kind: str, operands: dict[str, Any]) -> Any:
    ops = tuple(sorted(module._fix_di_operands(operands.items())))
    return _DistinctDI(module, True, kind, ops, name=str(len(module.metadata)))


class DebugInfo:
    def __init__(self, module: ir.Module, filename: str) -> None:
        self.module = module
        path = os.path.abspath(filename) if not filename.startswith("<") else filename
        self.file = module.add_debug_info(
            "DIFile", {"filename": os.path.basename(path), "directory": os.path.dirname(path)}
        )
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
    ) -> Any:
        sub_type = self.module.add_debug_info("DISubroutineType", {"types": self.module.add_metadata([ret, *params])})
        sp_flags = ["DISPFlagDefinition"] if definition else []
        sp_flags.append("DISPFlagOptimized")
        if local and definition:
            sp_flags.insert(0, "DISPFlagLocalToUnit")
        ops: dict[str, Any] = {
            "name": name,
            "scope": self.file,
            "file": self.file,
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
                    {"name": n, "arg": i + 1, "scope": sp, "file": self.file, "line": line, "type": t},
                )
                for i, (n, t) in enumerate(zip(param_names, params, strict=True))
            ]
            sp.operands = (*sp.operands, ("retainedNodes", self.module.add_metadata(nodes)))
        return sp

    def location(self, line: int, col: int, scope: Any) -> Any:
        # LLVM keeps columns in 16 bits (a longer line is legal Python; its far columns share the last value)
        return self.module.add_debug_info("DILocation", {"line": line, "column": min(col, MAX_COLUMN), "scope": scope})


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
