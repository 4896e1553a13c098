"""Inspect kernel types the way the compiler sees them.

``python -m pyoombpf.btf task_struct bpf_oom_ops bpf_out_of_memory NR_FILE_PAGES``
``python -m pyoombpf.btf --abi v2 --no-kernel bpf_oom_ops``
``python -m pyoombpf.btf --probe``
"""

from __future__ import annotations

import argparse
import sys

from pyoombpf.btf import probe
from pyoombpf.btf.abi import TypeSource
from pyoombpf.btf.bundle import OOM_ABIS, PSI_ABIS
from pyoombpf.btf.elf import load_elf
from pyoombpf.btf.errors import BtfError
from pyoombpf.btf.loader import load_file, try_vmlinux
from pyoombpf.btf.spec import BtfSpec
from pyoombpf.btf.types import Enum, Func, Struct, Type, Typedef, type_name


def describe(t: Type) -> str:
    """A C-like, multi-line description with offsets and origins."""
    if isinstance(t, Struct):
        lines = [f"{t.keyword} {t.name or '(anon)'} {{  /* size {t.size}, origin {t.origin} */"]
        for m in t.members:
            where = f"{m.byte_offset}" + (f":{m.bit_offset % 8}+{m.bitfield_size}b" if m.is_bitfield else "")
            lines.append(f"    {type_name(m.type)} {m.name or '(anon)'};  /* @{where} */")
        return "\n".join([*lines, "};"])
    if isinstance(t, Func):
        params = ", ".join(f"{type_name(p.type)} {p.name}".strip() for p in t.proto.params) or "void"
        kfunc = "__bpf_kfunc " if t.is_kfunc else ""
        return f"{kfunc}{type_name(t.proto.ret)} {t.name}({params});  /* origin {t.origin} */"
    if isinstance(t, Enum):
        body = "".join(f"\n    {k} = {v}," for k, v in t.values.items())
        return f"enum {t.name or '(anon)'} {{  /* size {t.size}, origin {t.origin} */{body}\n}};"
    if isinstance(t, Typedef):
        return f"typedef {type_name(t.target)} {t.name};  /* origin {t.origin} */"
    return f"{type_name(t)}  /* {t.kind}, origin {t.origin} */"


def _find(src: TypeSource, name: str) -> list[str]:
    out = []
    for kind in ("struct", "union", "enum", "typedef", "func"):
        if src.has(kind, name):
            out.append(describe(src.lookup(kind, name)))
    if not out:
        try:
            enum, value = src.enum_value(name)
            out.append(f"{name} = {value}  /* enumerator of enum {enum.name or '(anon)'}, origin {enum.origin} */")
        except BtfError:
            try:
                out.append(f"#define {name} {src.constant(name)}  /* bundled constant */")
            except BtfError as e:
                out.append(f"/* {e} */")
    return out


def _load(path: str) -> BtfSpec:
    with open(path, "rb") as f:
        is_elf = f.read(4) == b"\x7fELF"
    return load_elf(path) if is_elf else load_file(path)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pyoombpf.btf", description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", help="struct, union, enum, typedef, function or enumerator names")
    ap.add_argument("--abi", default="v3", choices=[*OOM_ABIS, "auto"], help="BPF OOM ABI (default v3)")
    ap.add_argument("--psi-abi", default="v3", choices=[*PSI_ABIS, "auto"], help="BPF PSI ABI (default v3)")
    ap.add_argument("--btf", help="a raw BTF or ELF (vmlinux, BPF object) file instead of the running kernel")
    ap.add_argument("--no-kernel", action="store_true", help="bundle only, as on a machine without BTF")
    ap.add_argument("--probe", action="store_true", help="print the BTF feature probes")
    args = ap.parse_args(argv)
    spec = None if args.no_kernel else (_load(args.btf) if args.btf else try_vmlinux())
    if args.probe:
        abi, why = probe.explain_oom_abi(spec) if spec is not None else (None, "no kernel BTF")
        print(f"kernel BTF:        {spec.source if spec else None}")
        print(f"BPF OOM ABI:       {abi} ({why})")
        print(f"BPF PSI ABIs:      {', '.join(probe.psi_abis(spec)) or None}")
        print(f"struct_ops types:  {', '.join(probe.struct_ops_types(spec)) or '-'}")
        exact = "exact" if spec is not None and spec.kfuncs_tagged else "heuristic"
        print(f"kfuncs:            {len(spec.kfuncs()) if spec else 0} ({exact})")
    src = TypeSource(spec=spec, abi=args.abi, psi_abi=args.psi_abi)
    for name in args.names:
        print("\n\n".join(_find(src, name)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
