"""LLVM's BPF assembly, made readable: program text only, with the Python source line each block came from."""

from __future__ import annotations

import os
import re

from pyoombpf import sourcetext

#: ``.file N "dir" "name"``, or ``.file N "name"`` for a file of the compilation's directory (file 0's)
_FILE = re.compile(r'^\s*\.file\s+(\d+)\s+"([^"]*)"(?:\s+"([^"]*)")?')
_LOC = re.compile(r"^\s*\.loc\s+(\d+)\s+(\d+)\s+\d+")
_DROP = re.compile(r"^\s*(\.Ltmp\d+:|\.cfi_|\.p2align|\.file|\.size|\.type|\.globl|\.Lfunc_|\.addrsig)")


def readable(asm: str) -> str:
    files: dict[str, str] = {}
    out: list[str] = []
    last: tuple[str, int] | None = None
    for line in asm.splitlines():
        if line.lstrip().startswith(".section") and (".debug" in line or ".BTF" in line or "llvm" in line):
            break
        m = _FILE.match(line)
        if m:
            if m.group(3) is not None:
                files[m.group(1)] = os.path.join(m.group(2), m.group(3))
            else:
                files[m.group(1)] = os.path.join(os.path.dirname(files.get("0", "")), m.group(2))
            continue
        m = _LOC.match(line)
        if m:
            path, lineno = files.get(m.group(1), "?"), int(m.group(2))
            if lineno and (path, lineno) != last:
                src = sourcetext.line(path, lineno).strip()
                out.append(f"\t; {os.path.basename(path)}:{lineno}: {src}")
                last = (path, lineno)
            continue
        if _DROP.match(line) or not line.strip():
            continue
        out.append(line)
    return "\n".join(out) + "\n"
