"""Objects from bytes, SYSCALL programs run with BPF_PROG_RUN, read-only config, maps with codecs."""

from __future__ import annotations

import struct
from collections.abc import Iterator

import pytest

from pyoombpf.errors import KernelError, LoadError
from pyoombpf.runtime import BpfObject, IntCodec, StructCodec

from .conftest import Build

pytestmark = pytest.mark.kernel
ADD = struct.Struct("<QQQQ")  # struct pyo_add_args: a, b, sum, calls
LOOKUP = struct.Struct("<IIII")  # struct pyo_lookup_args: key, found, value.x, value.y


@pytest.fixture
def maps_obj(build: Build, no_fd_leak: None) -> Iterator[BpfObject]:
    with BpfObject.open(build("syscall_maps.c"), "maps") as obj:
        obj.set_rodata("multiplier", (3).to_bytes(8, "little"))
        obj.load()
        yield obj


def test_syscall_program_reads_and_writes_its_context(maps_obj: BpfObject) -> None:
    prog = maps_obj.program("add")
    assert (prog.name, prog.section, prog.type) == ("add", "syscall", "syscall")
    assert prog.fd > 0
    first = prog.test_run(ADD.pack(2, 5, 0, 0))
    second = prog.test_run(bytearray(ADD.pack(10, 1, 0, 0)))
    assert first.retval == 7
    assert ADD.unpack(first.ctx_out) == (2, 5, (2 + 5) * 3, 1)  # multiplier 3 came from set_rodata
    assert ADD.unpack(second.ctx_out) == (10, 1, 33, 2)


def test_array_map_typed_values(maps_obj: BpfObject) -> None:
    maps_obj.program("add").test_run(ADD.pack(0, 0, 0, 0))
    counters = maps_obj.map("counters", key=IntCodec(4), value=IntCodec(8))
    assert (counters.key_size, counters.value_size, counters.max_entries) == (4, 8, 4)
    assert counters[0] == 1
    counters[2] = 40
    assert dict(counters.items()) == {0: 1, 1: 0, 2: 40, 3: 0}
    assert 3 in counters and 4 not in counters
    with pytest.raises(LoadError, match="array map elements cannot be deleted"):
        del counters[0]


def test_hash_map_written_from_python_is_seen_by_the_program(maps_obj: BpfObject) -> None:
    table = maps_obj.map("table", key=IntCodec(4), value=StructCodec("II"))
    table[5] = (11, 12)
    table[9] = (13, 14)
    assert sorted(table.keys()) == [5, 9]
    assert table.get(7) is None and table.get(7, "none") == "none"
    with pytest.raises(KeyError):
        table[7]
    run = maps_obj.program("lookup").test_run(LOOKUP.pack(5, 0, 0, 0))
    assert run.retval == 1 and LOOKUP.unpack(run.ctx_out) == (5, 1, 11, 12)
    del table[5]
    with pytest.raises(KeyError):
        del table[5]
    assert dict(table.items()) == {9: (13, 14)}
    assert LOOKUP.unpack(maps_obj.program("lookup").test_run(LOOKUP.pack(5, 0, 0, 0)).ctx_out)[1] == 0


def test_raw_bytes_without_codecs(maps_obj: BpfObject) -> None:
    table = maps_obj.map("table")
    table[b"\x01\x00\x00\x00"] = b"\x02\x00\x00\x00\x03\x00\x00\x00"
    assert table[1] == b"\x02\x00\x00\x00\x03\x00\x00\x00"  # small keys also accept ints
    assert table.keys() == [b"\x01\x00\x00\x00"]
    with pytest.raises(ValueError, match="expected 8 bytes"):
        table[2] = b"\x00"


def test_percpu_map_gives_one_value_per_cpu(maps_obj: BpfObject) -> None:
    prog = maps_obj.program("add")
    for _ in range(5):
        prog.test_run(ADD.pack(0, 0, 0, 0))
    percpu = maps_obj.map("percpu", value=IntCodec(8))
    values = percpu[0]
    assert isinstance(values, list) and len(values) >= 1
    assert sum(values) == 5
    percpu[0] = 0
    assert percpu[0] == [0] * len(values)


def test_codec_size_must_match_the_map(maps_obj: BpfObject) -> None:
    with pytest.raises(ValueError, match="the value of map 'counters' is 8 bytes but its codec describes 4"):
        maps_obj.map("counters", value=IntCodec(4))


def test_autoload_leaves_programs_out(build: Build, no_fd_leak: None) -> None:
    with BpfObject.open(build("syscall_maps.c")) as obj:
        lookup = obj.program("lookup")
        assert lookup.autoload
        lookup.autoload = False
        obj.load()
        assert lookup.fd < 0 and obj.program("add").fd > 0  # never loaded / loaded
        with pytest.raises(KernelError, match="only change before load"):
            lookup.autoload = True


def test_misuse_is_explained(build: Build, no_fd_leak: None) -> None:
    with BpfObject.open(build("syscall_maps.c")) as obj:
        with pytest.raises(KernelError, match="call load\\(\\) first"):
            obj.map("counters")
        with pytest.raises(KeyError, match="no read-only variable 'nope'"):
            obj.set_rodata("nope", b"\0")
        with pytest.raises(ValueError, match="'multiplier' is 8 bytes, the value is 4"):
            obj.set_rodata("multiplier", b"\0" * 4)
        obj.load()
        with pytest.raises(KernelError, match="after load"):
            obj.set_rodata("multiplier", b"\0" * 8)
        with pytest.raises(KernelError, match="already loaded"):
            obj.load()
        with pytest.raises(KeyError, match="has no program 'nope'.*'add', 'lookup'"):
            obj.program("nope")
        with pytest.raises(KeyError, match="has no map 'nope'"):
            obj.map("nope")
        prog = obj.program("add")
    with pytest.raises(KernelError, match="BPF object is closed"):
        _ = prog.fd


def test_objects_that_are_not_bpf_elf_are_refused(build: Build, no_fd_leak: None) -> None:
    with pytest.raises(LoadError, match="not a little-endian 64-bit ELF.*EINVAL"):
        BpfObject.open(b"\x7fELF\x01" + b"\0" * 100)
    with pytest.raises(LoadError, match="malformed ELF object"):
        BpfObject.open(b"\x7fELF\x02\x01\x01" + b"\0" * 120)
    x86 = bytearray(build("syscall_maps.c"))
    x86[0x12:0x14] = (62).to_bytes(2, "little")  # e_machine: EM_X86_64 instead of EM_BPF
    with pytest.raises(LoadError, match="libbpf cannot open BPF object 'x86'"):
        BpfObject.open(bytes(x86), "x86")
