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


@pytest.fixture(scope="module")
def psi_v3_elf() -> bytes:
    from pyoombpf.compiler import compile as pcompile
    from tests.examples import example

    return pcompile(example("psi_oom").PsiOom).elf  # has a tp_btf.s/psi_avgs_work program


@pytest.mark.parametrize("struct_ops", [True, False], ids=["libbpf-1.1", "newer"])
def test_sleepable_tracepoint_sections_are_renamed_for_every_libbpf(psi_v3_elf: bytes, struct_ops: bool) -> None:
    adapted = elf.adapt(psi_v3_elf, struct_ops=struct_ops)
    after = [s.name for s in elf.sections(adapted.elf)]
    assert "tp_btf/psi_avgs_work" in after and "tp_btf.s/psi_avgs_work" not in after
    assert adapted.sleepable_sections == {"tp_btf/psi_avgs_work"}
    assert adapted.original_names["tp_btf/psi_avgs_work"] == "tp_btf.s/psi_avgs_work"
    assert "tp_btf/psi_avgs_work" in _ext_section_names(adapted.elf)
    assert elf._symbol_names(adapted.elf) == elf._symbol_names(psi_v3_elf)


def test_newer_libbpf_keeps_struct_ops_link_sections(build: Build) -> None:
    original = build("dummy_ops.c")
    assert elf.adapt(original, struct_ops=False).elf == original


def test_a_sleepable_tracepoint_program_opens_sleepable(psi_v3_elf: bytes) -> None:
    from pyoombpf.runtime import BpfObject
    from pyoombpf.runtime._ffi import lib

    with BpfObject.open(psi_v3_elf, "psi_oom") as obj:
        prog = obj.program("psi_oom_psi_avgs_work")
        assert prog.section == "tp_btf.s/psi_avgs_work"
        assert lib.bpf_program__flags(prog._ptr) & (1 << 4)  # BPF_F_SLEEPABLE
