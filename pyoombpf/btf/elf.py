"""BTF from ELF files: the ``.BTF`` section of a ``vmlinux`` image or of a BPF object.

Only ELF64 little-endian is supported (x86-64 kernels, ``bpfel`` objects).  The file is mapped, not read:
a ``vmlinux`` with debug info is ~100 MB and only its ``.BTF`` section (a few MB) is copied.
"""

from __future__ import annotations

import mmap
import os
import struct

from pyoombpf.btf import cache as C
from pyoombpf.btf.errors import BtfFormatError
from pyoombpf.btf.loader import load_identified
from pyoombpf.btf.spec import BtfSpec

_EHDR = struct.Struct("<16sHHIQQQIHHHHHH")  # e_ident .. e_shstrndx (ELF64)
_SHDR = struct.Struct("<IIQQQQIIQQ")  # sh_name, type, flags, addr, offset, size, link, info, addralign, entsize


def btf_section(data: bytes | mmap.mmap, source: str = "<elf>", name: bytes = b".BTF") -> bytes:
    """The bytes of section ``name`` (default ``.BTF``); ``BtfFormatError`` if absent or malformed."""
    if len(data) < _EHDR.size or data[:4] != b"\x7fELF":
        raise BtfFormatError("not an ELF file", source)
    ident, *_, shoff, _flags, _ehsize, _phentsize, _phnum, shentsize, shnum, shstrndx = _EHDR.unpack_from(data)
    if ident[4] != 2 or ident[5] != 1:
        raise BtfFormatError("only ELF64 little-endian files are supported", source)
    if shentsize < _SHDR.size or shoff + shnum * shentsize > len(data) or shstrndx >= shnum:
        raise BtfFormatError("section header table out of range", source)
    headers = [_SHDR.unpack_from(data, shoff + i * shentsize) for i in range(shnum)]
    str_off, str_size = headers[shstrndx][4], headers[shstrndx][5]
    for sh_name, sh_type, _f, _a, off, size, *_ in headers:
        if sh_name >= str_size:
            continue
        end = data.find(b"\0", str_off + sh_name, str_off + str_size)
        if data[str_off + sh_name : end] == name and sh_type != 8:  # 8 = SHT_NOBITS
            if off + size > len(data):
                raise BtfFormatError(f"section {name.decode()} runs past the end of the file", source)
            return bytes(data[off : off + size])
    raise BtfFormatError(f"no {name.decode()} section (was it built with BTF?)", source)


def load_elf(path: str | os.PathLike[str], *, base: BtfSpec | None = None, cache: bool = True) -> BtfSpec:
    """A :class:`BtfSpec` over the ``.BTF`` section of the ELF file at ``path``.

    With ``cache`` (the default) the index goes to the disk cache like :func:`~pyoombpf.btf.load_file`'s,
    found again by the ELF file's identity (path, device, inode, size, mtime), so reloading a test kernel's
    ``vmlinux`` costs a mapping instead of ~100 ms."""
    path = os.fspath(path)
    st = os.stat(path)
    base_key = base.key if base is not None else ""
    ident = C.source_identity(path, st, "elf:" + base_key) if cache else None
    return load_identified(ident, None, base, f"{path}:.BTF", lambda: _section(path))


def _section(path: str) -> bytes:
    with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, prot=mmap.PROT_READ) as m:
        return btf_section(m, path)
