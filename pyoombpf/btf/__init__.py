"""pyoombpf.btf: the kernel's types, read from BTF, plus a bundled description of the BPF OOM ABI.

Quick reference::

    from pyoombpf.btf import vmlinux, BtfSpec, load_file, TypeSource
    spec = vmlinux()                          # running kernel's BTF (cached per process, indexed on disk)
    spec.struct("task_struct").member("pid")  # Member(name, type, bit_offset, bitfield_size)
    src = TypeSource(abi="v3")                # kernel first, bundled ABI description second
    src.struct("bpf_oom_ops").origin          # "bundle" on a kernel without the series

See docs/btf.md.
"""

from pyoombpf.btf.abi import TypeSource
from pyoombpf.btf.elf import load_elf
from pyoombpf.btf.errors import BtfError, BtfFormatError, BtfUnavailableError, TypeNotFoundError
from pyoombpf.btf.loader import (
    forget_vmlinux,
    load_bytes,
    load_file,
    module_btf,
    try_vmlinux,
    vmlinux,
    vmlinux_path,
)
from pyoombpf.btf.spec import BtfSpec
from pyoombpf.btf.types import (
    Array,
    Const,
    Datasec,
    DeclTag,
    Enum,
    FixedRef,
    Float,
    Func,
    FuncProto,
    Fwd,
    IdRef,
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
    TypeTag,
    Var,
    VarSecinfo,
    Void,
    Volatile,
    alignof,
    sizeof,
    strip,
    structurally_equal,
    type_name,
)

__all__ = [
    "Array",
    "BtfError",
    "BtfFormatError",
    "BtfSpec",
    "BtfUnavailableError",
    "Const",
    "Datasec",
    "DeclTag",
    "Enum",
    "FixedRef",
    "Float",
    "Func",
    "FuncProto",
    "Fwd",
    "IdRef",
    "Int",
    "Member",
    "NamedRef",
    "Param",
    "Ptr",
    "Restrict",
    "Struct",
    "Type",
    "TypeNotFoundError",
    "TypeRef",
    "TypeSource",
    "TypeTag",
    "Typedef",
    "Var",
    "VarSecinfo",
    "Void",
    "Volatile",
    "alignof",
    "forget_vmlinux",
    "load_bytes",
    "load_elf",
    "load_file",
    "module_btf",
    "sizeof",
    "strip",
    "structurally_equal",
    "try_vmlinux",
    "type_name",
    "vmlinux",
    "vmlinux_path",
]
