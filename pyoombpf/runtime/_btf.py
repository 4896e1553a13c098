"""A few BTF queries through libbpf's btf__ API: type names, struct members, function prototypes, DATASEC
vars."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from pyoombpf.runtime._ffi import cstr, ffi, lib

KIND_INT, KIND_PTR, KIND_ARRAY, KIND_STRUCT, KIND_UNION = 1, 2, 3, 4, 5
KIND_TYPEDEF, KIND_VOLATILE, KIND_CONST, KIND_RESTRICT = 8, 9, 10, 11
KIND_FUNC, KIND_FUNC_PROTO, KIND_VAR, KIND_DATASEC, KIND_DECL_TAG, KIND_TYPE_TAG = 12, 13, 14, 15, 17, 18
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

    def describe(self, type_id: int) -> str:
        """A short C-like spelling: ``struct oom_control *``, ``int``, ``void``."""
        type_id = self.strip(type_id)
        if type_id == 0:
            return "void"
        kind = self.kind(type_id)
        if kind == KIND_PTR:
            return self.describe(int(self.type(type_id).size_or_type)) + " *"
        if kind in (KIND_STRUCT, KIND_UNION):
            return ("struct " if kind == KIND_STRUCT else "union ") + self.name(type_id)
        return self.name(type_id) or f"<kind {kind}>"

    def members(self, struct_id: int) -> list[tuple[str, int]]:
        """(name, type id) of each member of a struct or union."""
        t = self.type(struct_id)
        arr = ffi.cast("const struct btf_member *", t + 1)
        return [
            (cstr(lib.btf__name_by_offset(self.ptr, arr[i].name_off)), int(arr[i].type))
            for i in range(self.vlen(struct_id))
        ]

    def func_params(self, proto_or_ptr_id: int) -> list[str] | None:
        """Parameter types of a function prototype (or a pointer to one), spelled by :meth:`describe`."""
        type_id = self.strip(proto_or_ptr_id)
        if type_id and self.kind(type_id) == KIND_PTR:
            type_id = self.strip(int(self.type(type_id).size_or_type))
        if not type_id or self.kind(type_id) != KIND_FUNC_PROTO:
            return None
        arr = ffi.cast("const struct btf_param *", self.type(type_id) + 1)
        return [self.describe(int(arr[i].type)) for i in range(self.vlen(type_id))]

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

    def kfunc_names(self) -> frozenset[str] | None:
        """Names of functions tagged ``bpf_kfunc`` (None when the BTF has no such tags: an older pahole)."""
        names = set()
        tag = 0
        for type_id in range(1, self.count()):
            t = self.type(type_id)
            if (t.info >> 24) & 0x1F != KIND_DECL_TAG:
                continue
            if cstr(lib.btf__name_by_offset(self.ptr, t.name_off)) == "bpf_kfunc":
                tag += 1
                target = int(t.size_or_type)
                if self.kind(target) == KIND_FUNC:
                    names.add(self.name(target))
        return frozenset(names) if tag else None


def load_vmlinux() -> Btf | None:
    ptr = lib.btf__load_vmlinux_btf()
    return None if ptr == ffi.NULL else Btf(ptr, owned=True)


@functools.cache
def vmlinux_btf() -> Btf | None:
    """The running kernel's BTF, parsed once per process (None without /sys/kernel/btf/vmlinux)."""
    return load_vmlinux()
