"""Minimal BPF ELF reading, and the rewrite that lets libbpf 1.1 open objects written for newer libbpf.

libbpf 1.1 knows neither ``.struct_ops.link`` (struct_ops maps registered through a BPF link) nor
``struct_ops.s/<member>`` (sleepable struct_ops programs), and no libbpf before the sleepable raw tracepoints
knows ``tp_btf.s/<tracepoint>``.  :func:`adapt` renames those sections in place — in the ELF section-name table
and in the BTF string table (``.BTF.ext`` finds its per-section records by those names) — to ``.struct_ops``,
``struct_ops/<member>`` and ``tp_btf/<tracepoint>``.  The runtime then restores what the names meant:
``BPF_F_LINK`` on struct_ops maps, ``BPF_F_SLEEPABLE`` on the programs, and a raw ``BPF_LINK_CREATE`` for
registration.  ``tp_btf.s/`` is renamed with every libbpf (the flag means the same everywhere).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from pyoombpf.elf import Section, sections
from pyoombpf.errors import NotSupportedError

_BTF_MAGIC = 0xEB9F
STRUCT_OPS_LINK_SEC = ".struct_ops.link"
STRUCT_OPS_SEC = ".struct_ops"
SLEEPABLE_PREFIX = "struct_ops.s"
#: sleepable sections and the section kind they become: ``<kind>.s/X`` -> ``<kind>/X``
SLEEPABLE_KINDS = ("struct_ops", "tp_btf")


@dataclass(slots=True)
class Adapted:
    """The rewritten object and what the renamed sections meant."""

    elf: bytes
    original_names: dict[str, str] = field(default_factory=dict)  # new section name -> name in the object
    sleepable_sections: set[str] = field(default_factory=set)  # new names of formerly <kind>.s sections


def _sleepable_kind(name: str) -> str:
    """``struct_ops`` for ``struct_ops.s/X``, ``tp_btf`` for ``tp_btf.s/X``, else ``""``."""
    for kind in SLEEPABLE_KINDS:
        if name == f"{kind}.s" or name.startswith(f"{kind}.s/"):
            return kind
    return ""


def _renames(names: list[str], struct_ops: bool = True) -> dict[str, str]:
    renames: dict[str, str] = {}
    for name in names:
        kind = _sleepable_kind(name)
        if name == STRUCT_OPS_LINK_SEC and struct_ops:
            renames[name] = STRUCT_OPS_SEC
        elif kind and (struct_ops or kind != "struct_ops"):
            renames[name] = kind + name[len(kind) + 2 :]
    clashes = sorted(new for old, new in renames.items() if new in names)
    if clashes:
        raise NotSupportedError(
            f"sections {clashes} together with their newer-libbpf spellings",
            "libbpf 1.1 cannot tell them apart (it lacks .struct_ops.link and struct_ops.s/)",
            "use libbpf 1.2 or newer (set PYOOMBPF_LIBBPF to its libbpf.so.1)",
        )
    return renames


def _cstr(buf: bytes | bytearray, pos: int) -> bytes:
    return bytes(buf[pos : buf.index(b"\0", pos)])


def _shdr(elf: bytes | bytearray, index: int) -> int:
    """File offset of section header ``index``."""
    shoff = struct.unpack_from("<Q", elf, 0x28)[0]
    return int(shoff + index * struct.unpack_from("<H", elf, 0x3A)[0])


def _btf_strings(buf: bytes | bytearray, sec: Section) -> tuple[int, int]:
    magic, _ver, _flags, hdr_len, _toff, _tlen, str_off, str_len = struct.unpack_from("<HBBIIIII", buf, sec.offset)
    if magic != _BTF_MAGIC:
        raise ValueError(".BTF section has a bad magic number")
    start = sec.offset + hdr_len + str_off
    return start, start + str_len


def _truncate_link_suffix(buf: bytearray, start: int, end: int) -> None:
    """Turn every string ending in ``.struct_ops.link`` into one ending in ``.struct_ops`` (a NUL over the
    dot)."""
    old = STRUCT_OPS_LINK_SEC.encode() + b"\0"
    pos = buf.find(old, start, end)
    while pos != -1:
        buf[pos + len(STRUCT_OPS_SEC)] = 0
        pos = buf.find(old, pos + 1, end)


def _shift_sleepable(buf: bytearray, at: int) -> int:
    """``<kind>.s/X`` at ``at`` becomes ``<kind>/X`` at ``at + 2``; the bytes of ``/X`` stay put."""
    kind = _sleepable_kind(_cstr(buf, at).decode(errors="replace")).encode()
    buf[at + 2 : at + 2 + len(kind)] = kind
    return at + 2


def _symbol_names(elf: bytes) -> list[bytes]:
    secs = sections(elf)
    for sec in secs:
        if sec.name == ".symtab":
            strtab = secs[struct.unpack_from("<I", elf, _shdr(elf, sec.index) + 40)[0]].offset
            offsets = range(sec.offset, sec.offset + sec.size, 24)
            return [_cstr(elf, strtab + struct.unpack_from("<I", elf, off)[0]) for off in offsets]
    return []


def _btf_ext_name_fields(buf: bytearray, sec: Section) -> list[int]:
    """File offsets of every ``sec_name_off`` field in ``.BTF.ext`` (func info, line info, CO-RE
    relocations)."""
    hdr_len = struct.unpack_from("<I", buf, sec.offset + 4)[0]
    fields = struct.unpack_from("<" + "I" * ((min(hdr_len, 32) - 8) // 4), buf, sec.offset + 8)
    out = []
    for off, length in zip(fields[0::2], fields[1::2], strict=True):
        if length == 0:
            continue
        pos = sec.offset + hdr_len + off
        stop = pos + length
        rec_size = struct.unpack_from("<I", buf, pos)[0]
        pos += 4
        while pos < stop:
            out.append(pos)
            pos += 8 + struct.unpack_from("<I", buf, pos + 4)[0] * rec_size
    return out


def _adapt_btf(buf: bytearray, secs: list[Section], sleepable: set[str], struct_ops: bool = True) -> None:
    by_name = {s.name: s for s in secs}
    btf, ext = by_name.get(".BTF"), by_name.get(".BTF.ext")
    if btf is None:
        return
    start, end = _btf_strings(buf, btf)
    if struct_ops:
        _truncate_link_suffix(buf, start, end)
    shifted: dict[int, int] = {}
    pos = start
    while pos < end:
        text = _cstr(buf, pos)
        if text.decode(errors="replace") in sleepable:
            shifted[pos - start] = _shift_sleepable(buf, pos) - start
        pos += len(text) + 1
    if ext is not None and shifted:
        for field_at in _btf_ext_name_fields(buf, ext):
            name_off = struct.unpack_from("<I", buf, field_at)[0]
            if name_off in shifted:
                struct.pack_into("<I", buf, field_at, shifted[name_off])


def adapt_for_old_libbpf(elf: bytes) -> Adapted:
    """:func:`adapt` for libbpf 1.1 (no ``.struct_ops.link``, no ``struct_ops.s/``)."""
    return adapt(elf, struct_ops=True)


def adapt(elf: bytes, *, struct_ops: bool) -> Adapted:
    """Rename ``tp_btf.s/*`` sections, and with ``struct_ops`` the ``.struct_ops.link`` / ``struct_ops.s/*`` ones,
    so this libbpf accepts the object.

    Strings are only cut short or shifted in place, never moved: LLVM shares string tails between section and
    symbol names (the symbol ``test_sleepable`` lives inside ``struct_ops.s/test_sleepable``), so bytes that
    other names point at must stay where they are.  The result is checked: every other name must read the
    same.
    """
    secs = sections(elf)
    renames = _renames([s.name for s in secs], struct_ops)
    if not renames:
        return Adapted(bytes(elf))
    buf = bytearray(elf)
    shstr = secs[struct.unpack_from("<H", elf, 0x3E)[0]]
    if struct_ops:
        _truncate_link_suffix(buf, shstr.offset, shstr.offset + shstr.size)
    sleepable = {old for old in renames if _sleepable_kind(old)}
    for sec in secs:
        if sec.name in sleepable:
            new_off = _shift_sleepable(buf, shstr.offset + sec.name_off) - shstr.offset
            struct.pack_into("<I", buf, _shdr(buf, sec.index), new_off)
    _adapt_btf(buf, secs, sleepable, struct_ops)
    out = bytes(buf)
    _check_adapted(secs, sections(out), renames, _symbol_names(elf) == _symbol_names(out), struct_ops)
    return Adapted(
        out,
        original_names={new: old for old, new in renames.items()},
        sleepable_sections={renames[old] for old in sleepable},
    )


def _check_adapted(
    before: list[Section], after: list[Section], renames: dict[str, str], symbols_same: bool, struct_ops: bool
) -> None:
    # Relocation sections of programs are matched to their program by index, not by name: theirs may change.
    ignored = {f".rel{old}" for old in renames if _sleepable_kind(old)}
    link = STRUCT_OPS_SEC if struct_ops else STRUCT_OPS_LINK_SEC
    names_ok = all(
        a.name == renames.get(b.name, b.name.replace(STRUCT_OPS_LINK_SEC, link))
        for b, a in zip(before, after, strict=True)
        if b.name not in ignored
    )
    if not names_ok or not symbols_same:
        raise NotSupportedError(
            "this object's string-table layout",
            "renaming its struct_ops sections for libbpf 1.1 would change other names",
            "use libbpf 1.2 or newer (set PYOOMBPF_LIBBPF to its libbpf.so.1)",
        )


def btf_strings(elf: bytes) -> list[str]:
    """Every string of the object's ``.BTF`` string table (file paths of line info among them)."""
    for sec in sections(elf):
        if sec.name == ".BTF":
            start, end = _btf_strings(elf, sec)
            return [s.decode(errors="replace") for s in elf[start:end].split(b"\0") if s]
    return []
