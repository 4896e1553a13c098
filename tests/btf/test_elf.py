"""BTF from ELF files: a hand-made ELF, and (when built) the pyoombpf test kernel's vmlinux."""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest

from pyoombpf.btf import BtfFormatError, TypeSource, type_name
from pyoombpf.btf.elf import btf_section, load_elf
from pyoombpf.btf.probe import has_kfunc, oom_abi, struct_ops_types

from .btfbuild import BtfBuilder


def _elf(sections: dict[bytes, bytes]) -> bytes:
    """A minimal ELF64 LE file: a null section, the given sections, and .shstrtab."""
    names = b"\0" + b"".join(n + b"\0" for n in [*sections, b".shstrtab"])
    body = bytearray(b"\0" * 64)
    offs = []
    for data in [*sections.values(), names]:
        offs.append((len(body), len(data)))
        body += data
    shoff = len(body)
    name_pos = {n: names.index(n + b"\0") for n in [*sections, b".shstrtab"]}
    shdrs = [struct.pack("<IIQQQQIIQQ", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)]
    for (n, _), (off, size) in zip([*sections.items(), (b".shstrtab", b"")], offs, strict=True):
        shdrs.append(
            struct.pack("<IIQQQQIIQQ", name_pos[n], 1 if n != b".shstrtab" else 3, 0, 0, off, size, 0, 0, 1, 0)
        )
    body += b"".join(shdrs)
    ident = b"\x7fELF" + bytes([2, 1, 1]) + b"\0" * 9
    ehdr = struct.pack("<16sHHIQQQIHHHHHH", ident, 1, 247, 1, 0, 0, shoff, 0, 64, 0, 0, 64, len(shdrs), len(shdrs) - 1)
    body[:64] = ehdr
    return bytes(body)


def _blob() -> bytes:
    b = BtfBuilder()
    i = b.int_("int", 4, signed=True)
    b.struct("thing", 4, [("x", i, 0, 0)])
    return b.build()


def test_btf_section_of_a_handmade_elf(tmp_path: Path) -> None:
    blob = _blob()
    elf = _elf({b".text": b"\x95" + b"\0" * 7, b".BTF": blob})
    assert btf_section(elf) == blob
    path = tmp_path / "obj.o"
    path.write_bytes(elf)
    spec = load_elf(path)
    assert spec.struct("thing").member("x").type.kind == "int" and spec.source == f"{path}:.BTF"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not an elf at all" * 8, "not an ELF file"),
        (_elf({b".text": b"\0" * 8}), "no .BTF section"),
        (b"\x7fELF" + bytes([1, 1, 1]) + b"\0" * 121, "only ELF64 little-endian"),
        (_elf({b".BTF": b"x"})[:-10], "section header table out of range"),
    ],
)
def test_elf_errors(data: bytes, message: str) -> None:
    with pytest.raises(BtfFormatError, match=message):
        btf_section(data, "x.o")


TEST_KERNEL = Path(
    os.environ.get("PYOOMBPF_TEST_KERNEL_VMLINUX", os.path.expanduser("~/.cache/pyoombpf/vm/build/vmlinux"))
)


@pytest.mark.skipif(
    not TEST_KERNEL.exists(),
    reason=f"needs the pyoombpf test kernel's vmlinux ({TEST_KERNEL}; built by the VM harness, or set "
    "PYOOMBPF_TEST_KERNEL_VMLINUX)",
)
def test_test_kernel_implements_the_bundled_v3_abi() -> None:
    """The VM test kernel carries the BPF OOM v3 ABI and Linux 7.x's memcg kfuncs: the probes must see them,
    and the bundle's prototypes must match the kernel's exactly (names and types)."""
    spec = load_elf(TEST_KERNEL)
    assert oom_abi(spec) == "v3" and "bpf_oom_ops" in struct_ops_types(spec)
    assert TypeSource(spec=spec).struct("bpf_oom_ops").origin == "kernel"
    bundled = TypeSource(spec=None)
    compared = 0
    for name in bundled.bundle.funcs:
        if not has_kfunc(spec, name):
            continue
        theirs, ours = spec.func(name).proto, bundled.func(name).proto
        assert [(p.name, type_name(p.type)) for p in ours.params] == [
            (p.name, type_name(p.type)) for p in theirs.params
        ], name
        assert type_name(ours.ret) == type_name(theirs.ret), name
        compared += 1
    for k in ("bpf_oom_kill_process", "bpf_out_of_memory", "bpf_get_mem_cgroup", "bpf_mem_cgroup_page_state"):
        assert has_kfunc(spec, k)
    assert compared >= 30
    oc = spec.struct("oom_control")
    assert {"bpf_memory_freed", "bpf_handler_name"} <= set(oc.member_names())
    assert TypeSource(spec=spec).struct("oom_control").origin == "kernel"  # nothing to extend


def test_elf_index_is_cached(tmp_path: Path) -> None:
    import mmap

    path = tmp_path / "obj.o"
    path.write_bytes(_elf({b".BTF": _blob()}))
    first = load_elf(path)
    second = load_elf(path)
    assert isinstance(second._keepalive, mmap.mmap) and second.key == first.key
    assert second.struct("thing") == second.struct("thing") and load_elf(path, cache=False).key == first.key
