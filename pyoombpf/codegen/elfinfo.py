"""Small facts read from a BPF ELF (section sizes), without a full ELF library."""

from __future__ import annotations

import struct


def sections(elf: bytes) -> dict[str, tuple[int, int, int]]:
    """name → (type, offset, size) of every section of a 64-bit little-endian ELF."""
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        raise ValueError("not a 64-bit little-endian ELF object")
    (shoff,) = struct.unpack_from("<Q", elf, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", elf, 0x3A)
    heads = [struct.unpack_from("<IIQQQQIIQQ", elf, shoff + i * shentsize) for i in range(shnum)]
    str_off = heads[shstrndx][4]
    out: dict[str, tuple[int, int, int]] = {}
    for h in heads:
        name_off, typ, _flags, _addr, off, size = h[:6]
        end = elf.index(b"\x00", str_off + name_off)
        out[elf[str_off + name_off : end].decode()] = (typ, off, size)
    return out


SHT_PROGBITS = 1
SHF_EXECINSTR = 0x4


def program_sizes(elf: bytes) -> dict[str, int]:
    """Executable sections (programs and subprograms) → size in bytes."""
    (shoff,) = struct.unpack_from("<Q", elf, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", elf, 0x3A)
    heads = [struct.unpack_from("<IIQQQQIIQQ", elf, shoff + i * shentsize) for i in range(shnum)]
    str_off = heads[shstrndx][4]
    out: dict[str, int] = {}
    for h in heads:
        name_off, typ, flags, _addr, _off, size = h[:6]
        if typ == SHT_PROGBITS and flags & SHF_EXECINSTR and size:
            end = elf.index(b"\x00", str_off + name_off)
            out[elf[str_off + name_off : end].decode()] = size
    return out
