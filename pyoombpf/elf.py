"""Reading the section headers of a BPF object (little-endian ELF64), in pure Python.

Shared by the compiler (instruction counts, checks on what it emitted) and the runtime (the rewrite that lets
libbpf 1.1 open newer objects), so neither needs an ELF library and the runtime stays the only cffi user.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass
from typing import Any

ELF_MAGIC = b"\x7fELF"
SHT_PROGBITS = 1
SHT_SYMTAB = 2
SHF_EXECINSTR = 0x4
STT_FUNC = 2


@dataclass(frozen=True, slots=True)
class Section:
    index: int
    name: str
    name_off: int
    type: int
    flags: int
    offset: int
    size: int
    #: the section this one refers to (a symbol table's string table)
    link: int = 0

    def data(self, elf: bytes) -> bytes:
        return elf[self.offset : self.offset + self.size]


def sections(elf: bytes) -> list[Section]:
    """The section headers, in file order.  ``ValueError`` for anything that is not a readable ELF64 LE object."""
    if elf[:4] != ELF_MAGIC or len(elf) < 64 or elf[4] != 2 or elf[5] != 1:
        raise ValueError("not a little-endian 64-bit ELF object (a BPF object starts with \\x7fELF)")
    try:
        return _sections(elf)
    except (struct.error, IndexError, ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"malformed ELF object: its section headers cannot be read ({exc})") from None


def _sections(elf: bytes) -> list[Section]:
    shoff = struct.unpack_from("<Q", elf, 0x28)[0]
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", elf, 0x3A)
    raw = [struct.unpack_from("<IIQQQQI", elf, shoff + i * shentsize) for i in range(shnum)]
    str_off = raw[shstrndx][4]
    out = []
    for i, (name_off, typ, flags, _addr, offset, size, link) in enumerate(raw):
        end = elf.index(b"\0", str_off + name_off)
        out.append(Section(i, elf[str_off + name_off : end].decode(), name_off, typ, flags, offset, size, link))
    return out


def section_map(elf: bytes) -> dict[str, Section]:
    """Sections by name."""
    return {s.name: s for s in sections(elf)}


def program_sizes(elf: bytes) -> dict[str, int]:
    """Executable sections (programs and subprograms) → size in bytes (8 per instruction slot)."""
    return {s.name: s.size for s in sections(elf) if s.type == SHT_PROGBITS and s.flags & SHF_EXECINSTR and s.size}


@dataclass(frozen=True, slots=True)
class FunctionSymbol:
    """A function of the object: its symbol name, the section holding its code and where it lies there."""

    name: str
    section: Section
    offset: int
    size: int

    def code(self, elf: bytes) -> bytes:
        start = self.section.offset + self.offset
        return elf[start : start + self.size]


def functions(elf: bytes) -> list[FunctionSymbol]:
    """Every function symbol (``STT_FUNC``) with a size, in symbol-table order."""
    secs = sections(elf)
    out: list[FunctionSymbol] = []
    for symtab in (s for s in secs if s.type == SHT_SYMTAB):
        strtab = secs[symtab.link]
        for pos in range(symtab.offset, symtab.offset + symtab.size - 23, 24):
            name_off, info, _other, shndx, value, size = struct.unpack_from("<IBBHQQ", elf, pos)
            if info & 0xF != STT_FUNC or not size or not 0 < shndx < len(secs):
                continue
            end = elf.index(b"\0", strtab.offset + name_off)
            name = elf[strtab.offset + name_off : end].decode(errors="replace")
            out.append(FunctionSymbol(name, secs[shndx], value, size))
    return out


def insn_count(elf: bytes) -> int:
    """Instruction slots in all program sections (a 64-bit immediate load counts as two)."""
    return sum(program_sizes(elf).values()) // 8


#: the compiler's description of the program's loops (JSON), for explaining verifier refusals; a ``.debug_``
#: section, which libbpf skips like DWARF
LOOPS_SECTION = ".debug_pyoombpf.loops"


def loop_table(elf: bytes) -> list[dict[str, Any]]:
    """The loops the compiler described in the object (``[]`` for objects without the section, or a bad one)."""
    try:
        found = section_map(elf).get(LOOPS_SECTION)
        if found is None:
            return []
        data = json.loads(found.data(elf).rstrip(b"\0").decode())
    except (ValueError, UnicodeDecodeError):
        return []
    loops = data.get("loops") if isinstance(data, dict) else None
    return [x for x in loops if isinstance(x, dict)] if isinstance(loops, list) else []


def add_section(elf: bytes, name: str, data: bytes) -> bytes:
    """``elf`` with one more (non-loaded, ``SHT_PROGBITS``) section ``name`` holding ``data``, appended after
    everything else.  The section-name string table is copied to the end with the new name added (its header
    keeps its index, so the symbol table, which LLVM lets share it, reads the same strings), and the section
    headers are written again after it.  Nothing before the old end of the file moves."""
    sections(elf)  # validates
    shoff = struct.unpack_from("<Q", elf, 0x28)[0]
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", elf, 0x3A)
    headers = bytearray(elf[shoff : shoff + shentsize * shnum])
    str_hdr = shstrndx * shentsize
    str_off, str_size = struct.unpack_from("<QQ", headers, str_hdr + 24)
    out = bytearray(elf)
    out += b"\0" * (-len(out) % 8)
    data_off = len(out)
    out += data
    strings = bytes(elf[str_off : str_off + str_size])
    name_off = len(strings)
    strings += name.encode() + b"\0"
    new_str_off = len(out)
    out += strings
    struct.pack_into("<QQ", headers, str_hdr + 24, new_str_off, len(strings))
    new = struct.pack("<IIQQQQIIQQ", name_off, SHT_PROGBITS, 0, 0, data_off, len(data), 0, 0, 1, 0)
    out += b"\0" * (-len(out) % 8)
    new_shoff = len(out)
    out += headers + new
    struct.pack_into("<Q", out, 0x28, new_shoff)
    struct.pack_into("<H", out, 0x3C, shnum + 1)
    return bytes(out)


STT_FUNC, STB_GLOBAL = 2, 1


def programs(elf: bytes) -> list[tuple[str, str]]:
    """The object's programs: ``(symbol, section)`` of every global function in an executable section, in symbol
    table order (what libbpf loads as programs; static subprograms are not among them)."""
    secs = sections(elf)
    symtab = next((s for s in secs if s.name == ".symtab"), None)
    if symtab is None:
        return []
    shoff = struct.unpack_from("<Q", elf, 0x28)[0]
    shentsize = struct.unpack_from("<H", elf, 0x3A)[0]
    strtab = secs[struct.unpack_from("<I", elf, shoff + symtab.index * shentsize + 40)[0]]
    out = []
    for off in range(symtab.offset, symtab.offset + symtab.size, 24):
        name_off, info, _other, shndx = struct.unpack_from("<IBBH", elf, off)
        if info & 0xF != STT_FUNC or info >> 4 != STB_GLOBAL or not 0 < shndx < len(secs):
            continue
        sec = secs[shndx]
        if sec.flags & SHF_EXECINSTR:
            start = strtab.offset + name_off
            out.append((elf[start : elf.index(b"\0", start)].decode(), sec.name))
    return out
