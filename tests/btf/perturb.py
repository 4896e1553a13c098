"""Another build of the same kernel, made from this one's BTF: what a CI machine of the same kind may run.

``perturb(data)`` rewrites raw vmlinux BTF the way a different configuration of the same kernel version differs:

* the structs OOM policies read get one more member in front (``__pyoombpf_perturbed``, 8 bytes), so every member
  index, offset and struct size moves;
* the memory counter enums (``node_stat_item``, ``vm_event_item``) gain an item at the front, so every counter's
  value moves;
* ``struct memcg_vmstats`` keeps one more counter of each kind (the arrays grow), so the per-kernel counter table
  of :mod:`pyoombpf.btf.memcg_stats` no longer matches.

Names, kfuncs and everything else stay, so a program compiled against the result still loads on this machine
(CO-RE relocates by name).  Tests use it to prove that nothing outside the kernel tests depends on the running
kernel's build; by hand::

    python -m tests.btf.perturb /sys/kernel/btf/vmlinux /tmp/perturbed.btf
    PYOOMBPF_VMLINUX_BTF=/tmp/perturbed.btf python -m pytest -m 'not kernel and not vm'
"""

from __future__ import annotations

import struct
import sys

from pyoombpf.btf import format as F

#: the kernel structs pyoombpf's policies and bridge programs read
STRUCTS = (
    "task_struct",
    "signal_struct",
    "mm_struct",
    "mem_cgroup",
    "memcg_vmstats",
    "page_counter",
    "percpu_counter",
    "cgroup",
    "cgroup_subsys_state",
    "kernfs_node",
    "css_set",
    "oom_control",
)
ENUMS = ("node_stat_item", "vm_event_item", "memcg_stat_item")
GROWN_ARRAYS = ("state", "events", "state_local", "events_local")
EXTRA_MEMBER = "__pyoombpf_perturbed"


class _Blob:
    def __init__(self, data: bytes) -> None:
        hdr = F.parse_header(data)
        self.hdr = hdr
        self.strings = bytearray(data[hdr.str_start : hdr.str_start + hdr.str_len])
        types = data[hdr.type_start : hdr.type_start + hdr.type_len]
        self.records: list[bytearray] = []
        pos = 0
        while pos < len(types):
            _, info, _ = F.RECORD.unpack_from(types, pos)
            n = F.record_size(info)
            self.records.append(bytearray(types[pos : pos + n]))
            pos += n

    def name(self, off: int) -> str:
        return self.strings[off : self.strings.index(b"\0", off)].decode()

    def add_string(self, text: str) -> int:
        off = len(self.strings)
        self.strings += text.encode() + b"\0"
        return off

    def find(self, kind: int, name: str) -> list[int]:
        """Indexes (type id - 1) of the records of ``kind`` named ``name``."""
        out = []
        for i, rec in enumerate(self.records):
            name_off, info, _ = F.RECORD.unpack_from(rec, 0)
            if F.kind_of(info) == kind and name_off and self.name(name_off) == name:
                out.append(i)
        return out

    def build(self) -> bytes:
        types = b"".join(self.records)
        hdr_len = F.HEADER.size
        header = F.HEADER.pack(F.MAGIC, 1, self.hdr.flags, hdr_len, 0, len(types), len(types), len(self.strings))
        return header + types + bytes(self.strings)


def _prepend_member(blob: _Blob, index: int, name_off: int, type_id: int) -> None:
    rec = blob.records[index]
    own_name, info, size = F.RECORD.unpack_from(rec, 0)
    kflag = F.kind_flag_of(info)
    members = []
    for i in range(F.vlen_of(info)):
        m_name, m_type, m_off = struct.unpack_from("<III", rec, 12 + 12 * i)
        m_off = (m_off & 0xFF000000) | ((m_off & 0xFFFFFF) + 64) if kflag else m_off + 64
        members.append(struct.pack("<III", m_name, m_type, m_off))
    new_info = (info & ~0xFFFF) | (F.vlen_of(info) + 1)
    blob.records[index] = bytearray(
        F.RECORD.pack(own_name, new_info, size + 8) + struct.pack("<III", name_off, type_id, 0) + b"".join(members)
    )


def _shift_enum(blob: _Blob, index: int, name_off: int) -> None:
    rec = blob.records[index]
    name, info, size = F.RECORD.unpack_from(rec, 0)
    values = [struct.unpack_from("<Ii", rec, 12 + 8 * i) for i in range(F.vlen_of(info))]
    entries = [struct.pack("<Ii", name_off, 0)] + [struct.pack("<Ii", n, v + 1) for n, v in values]
    new_info = (info & ~0xFFFF) | (len(entries))
    blob.records[index] = bytearray(F.RECORD.pack(name, new_info, size) + b"".join(entries))


def _grow_arrays(blob: _Blob, index: int) -> None:
    """Point the counter arrays of ``struct memcg_vmstats`` at new array types one element longer."""
    rec = blob.records[index]
    _, info, _ = F.RECORD.unpack_from(rec, 0)
    for i in range(F.vlen_of(info)):
        m_name, m_type, _ = struct.unpack_from("<III", rec, 12 + 12 * i)
        if blob.name(m_name) not in GROWN_ARRAYS:
            continue
        arr = blob.records[m_type - 1]
        _, a_info, _ = F.RECORD.unpack_from(arr, 0)
        if F.kind_of(a_info) != F.KIND_ARRAY:
            continue
        elem, index_type, nelems = struct.unpack_from("<III", arr, 12)
        blob.records.append(
            bytearray(F.RECORD.pack(0, F.KIND_ARRAY << 24, 0) + struct.pack("<III", elem, index_type, nelems + 1))
        )
        struct.pack_into("<I", rec, 12 + 12 * i + 4, len(blob.records))


def perturb(data: bytes) -> bytes:
    """``data`` (raw, non-split BTF) as another build of the same kernel would describe it."""
    blob = _Blob(data)
    (long_idx,) = blob.find(F.KIND_INT, "long int")[:1]
    member_name = blob.add_string(EXTRA_MEMBER)
    for name in STRUCTS:
        for index in blob.find(F.KIND_STRUCT, name):
            _prepend_member(blob, index, member_name, long_idx + 1)
    for index in blob.find(F.KIND_STRUCT, "memcg_vmstats"):
        _grow_arrays(blob, index)
    for name in ENUMS:
        for index in blob.find(F.KIND_ENUM, name):
            _shift_enum(blob, index, blob.add_string(f"PYOOMBPF_PERTURBED_{name.upper()}"))
    return blob.build()


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m tests.btf.perturb IN.btf OUT.btf", file=sys.stderr)
        return 2
    with open(argv[0], "rb") as f:
        out = perturb(f.read())
    with open(argv[1], "wb") as f:
        f.write(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
