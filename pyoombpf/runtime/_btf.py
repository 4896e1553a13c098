"""A few queries on a loaded object's BTF through libbpf's btf__ API (DATASEC variables, a global's struct
type).  The kernel's own BTF is read by :mod:`pyoombpf.btf`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pyoombpf.runtime._ffi import cstr, ffi, lib

KIND_STRUCT = 4
KIND_TYPEDEF, KIND_VOLATILE, KIND_CONST, KIND_RESTRICT = 8, 9, 10, 11
KIND_VAR, KIND_DATASEC, KIND_TYPE_TAG = 14, 15, 18
_MODIFIERS = {KIND_TYPEDEF, KIND_VOLATILE, KIND_CONST, KIND_RESTRICT, KIND_TYPE_TAG}


@dataclass(frozen=True, slots=True)
class DatasecVar:
    name: str
    offset: int
    size: int


class Btf:
    """A borrowed (``owned=False``) or owned ``struct btf *``."""

    def __init__(self, ptr: Any, owned: bool) -> None:
        self.ptr = ptr
        self.owned = owned

    def free(self) -> None:
        if self.owned and self.ptr != ffi.NULL:
            lib.btf__free(self.ptr)
        self.ptr = ffi.NULL

    # ---------------------------------------------------------------- raw access
    def type(self, type_id: int) -> Any:
        return lib.btf__type_by_id(self.ptr, type_id)

    def kind(self, type_id: int) -> int:
        return (self.type(type_id).info >> 24) & 0x1F

    def vlen(self, type_id: int) -> int:
        return int(self.type(type_id).info & 0xFFFF)

    def name(self, type_id: int) -> str:
        return cstr(lib.btf__name_by_offset(self.ptr, self.type(type_id).name_off))

    def find(self, name: str, kind: int) -> int | None:
        found = int(lib.btf__find_by_name_kind(self.ptr, name.encode(), kind))
        return found if found > 0 else None

    def count(self) -> int:
        return int(lib.btf__type_cnt(self.ptr))

    # ---------------------------------------------------------------- derived queries
    def strip(self, type_id: int) -> int:
        """Skip typedefs and qualifiers."""
        while type_id and self.kind(type_id) in _MODIFIERS:
            type_id = int(self.type(type_id).size_or_type)
        return type_id

    def datasec_vars(self, datasec_id: int) -> list[DatasecVar]:
        arr = ffi.cast("const struct btf_var_secinfo *", self.type(datasec_id) + 1)
        return [
            DatasecVar(self.name(int(arr[i].type)), int(arr[i].offset), int(arr[i].size))
            for i in range(self.vlen(datasec_id))
        ]

    def datasecs(self, prefix: str) -> list[tuple[str, int]]:
        """(name, id) of every DATASEC whose name starts with ``prefix``."""
        out = []
        for type_id in range(1, self.count()):
            if self.kind(type_id) == KIND_DATASEC:
                name = self.name(type_id)
                if name.startswith(prefix):
                    out.append((name, type_id))
        return out

    def var_struct_name(self, var_name: str) -> str | None:
        """The struct type name of a global variable (how a struct_ops map names its kernel type)."""
        var_id = self.find(var_name, KIND_VAR)
        if var_id is None:
            return None
        type_id = self.strip(int(self.type(var_id).size_or_type))
        return self.name(type_id) if type_id and self.kind(type_id) == KIND_STRUCT else None
