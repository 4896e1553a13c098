"""The libbpf 1.1 rewrite of struct_ops section names: exact, and nothing else changes."""

from __future__ import annotations

import struct

import pytest

from pyoombpf.errors import NotSupportedError
from pyoombpf.runtime import elf

from .conftest import Build


def _ext_section_names(data: bytes) -> set[str]:
    """Section names the .BTF.ext func/line info records refer to (through the BTF string table)."""
    secs = {s.name: s for s in elf.sections(data)}
    btf, ext = secs[".BTF"], secs[".BTF.ext"]
    hdr_len, _tofs, _tlen, str_off, _slen = struct.unpack_from("<IIIII", data, btf.offset + 4)
    strings = btf.offset + hdr_len + str_off
    names = set()
    for field in elf._btf_ext_name_fields(bytearray(data), ext):
        off = struct.unpack_from("<I", data, field)[0]
        names.add(data[strings + off : data.index(b"\0", strings + off)].decode())
    return names


def test_struct_ops_link_and_sleepable_sections_are_renamed(build: Build) -> None:
    original = build("dummy_ops.c")
    adapted = elf.adapt_for_old_libbpf(original)
    before = [s.name for s in elf.sections(original)]
    after = [s.name for s in elf.sections(adapted.elf)]
    assert {"struct_ops.s/test_sleepable", ".struct_ops.link"} <= set(before)
    assert "struct_ops/test_sleepable" in after and ".struct_ops" in after
    assert not {n for n in after if n.endswith(".link") or n.startswith("struct_ops.s")}
    assert adapted.original_names == {
        ".struct_ops": ".struct_ops.link",
        "struct_ops/test_sleepable": "struct_ops.s/test_sleepable",
    }
    assert adapted.sleepable_sections == {"struct_ops/test_sleepable"}
    assert elf._symbol_names(adapted.elf) == elf._symbol_names(original)  # test_sleepable shares those bytes
    assert len(adapted.elf) == len(original)


def test_line_info_follows_the_renamed_sections(build: Build) -> None:
    original = build("dummy_ops.c")
    adapted = elf.adapt_for_old_libbpf(original)
    assert "struct_ops.s/test_sleepable" in _ext_section_names(original)
    assert _ext_section_names(adapted.elf) == {
        n.replace("struct_ops.s/", "struct_ops/") for n in _ext_section_names(original)
    }
    assert ".struct_ops" in elf.btf_strings(adapted.elf)  # the DATASEC libbpf 1.1 looks up


def test_objects_without_those_sections_are_untouched(build: Build) -> None:
    original = build("syscall_maps.c")
    assert elf.adapt_for_old_libbpf(original).elf == original


def test_both_spellings_in_one_object_are_refused() -> None:
    with pytest.raises(NotSupportedError, match="libbpf 1.2 or newer"):
        elf._renames([".struct_ops", ".struct_ops.link"])
