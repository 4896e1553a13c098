"""The reader against the running kernel's BTF (Linux 6.18 here), and the on-disk index cache."""

from __future__ import annotations

import mmap
import os
from pathlib import Path

import pytest

from pyoombpf.btf import (
    Array,
    BtfSpec,
    BtfUnavailableError,
    Enum,
    Int,
    Ptr,
    Struct,
    TypeNotFoundError,
    load_file,
    strip,
    try_vmlinux,
    type_name,
    vmlinux,
)
from pyoombpf.btf.loader import VMLINUX_PATH
from pyoombpf.errors import NotSupportedError

from .conftest import needs_vmlinux

pytestmark = needs_vmlinux


def test_task_struct_members(kernel: BtfSpec) -> None:
    task = kernel.struct("task_struct")
    assert task.size > 1000 and task.origin == "kernel" and task.type_id is not None
    pid = strip(task.member("pid").type)
    assert isinstance(pid, Int) and pid.signed and pid.size == 4
    assert type_name(task.member("pid").type) == "pid_t"
    comm = task.member("comm").type
    assert isinstance(comm, Array) and comm.nelems == 16 and type_name(comm) == "char[16]"
    signal = task.member("signal").type
    assert isinstance(signal, Ptr) and isinstance(signal.target, Struct)
    adj = signal.target.member("oom_score_adj").type
    assert type_name(adj) == "short int"
    parent = strip(task.member("real_parent").type)
    assert isinstance(parent, Ptr) and parent.target is task  # the recursion closes on the cached object
    assert task.member("pid").byte_offset == task.member("pid").bit_offset // 8


def test_bitfield_members(kernel: BtfSpec) -> None:
    task = kernel.struct("task_struct")
    m = task.member("sched_reset_on_fork")
    assert m.is_bitfield and m.bitfield_size == 1
    nxt = task.member("sched_contributes_to_load")
    assert nxt.bit_offset == m.bit_offset + 1


def test_enum64(kernel: BtfSpec) -> None:
    e = kernel.enum("perf_callchain_context")
    assert isinstance(e, Enum) and e.size == 8
    assert e.values["PERF_CONTEXT_MAX"] == 2**64 - 4095  # (__u64)-4095
    assert kernel.enum_value("PERF_CONTEXT_KERNEL")[0] == e


def test_kfunc_prototype(kernel: BtfSpec) -> None:
    fn = kernel.func("bpf_task_from_pid")
    assert fn.is_kfunc
    proto = fn.proto
    assert [p.name for p in proto.params] == ["pid"]
    assert type_name(proto.params[0].type) == "s32" and not proto.variadic
    ret = proto.ret
    assert isinstance(ret, Ptr) and ret.target == kernel.struct("task_struct")


def test_kfunc_set(kernel: BtfSpec) -> None:
    assert kernel.kfuncs_tagged  # 6.18 BTF carries DECL_TAG "bpf_kfunc"
    ks = kernel.kfuncs()
    assert {"bpf_task_from_pid", "bpf_cgroup_from_id", "bpf_send_signal_task", "bpf_iter_css_new"} <= ks
    assert "bpf_map_lookup_elem" not in ks and kernel.has("func", "bpf_map_lookup_elem")
    assert not kernel.func("bpf_dummy_init").is_kfunc
    assert "bpf_oom_kill_process" not in ks and "bpf_get_mem_cgroup" not in ks


def test_enum_value_across_enums(kernel: BtfSpec) -> None:
    enum, value = kernel.enum_value("NR_FILE_PAGES")
    assert enum.name == "node_stat_item" and value == enum.values["NR_FILE_PAGES"]
    assert kernel.enum_value("PIDTYPE_TGID")[1] == 1


def test_lookup_errors_name_the_source(kernel: BtfSpec) -> None:
    with pytest.raises(TypeNotFoundError) as exc:
        kernel.struct("task_strct")
    assert VMLINUX_PATH in str(exc.value) and "task_struct" in exc.value.suggestions


def test_vmlinux_is_cached_per_process() -> None:
    a = vmlinux()
    assert a is vmlinux() and a is try_vmlinux()
    assert a.struct("task_struct").size == load_file(VMLINUX_PATH, cache=False).struct("task_struct").size


def test_cache_is_reused_and_mapped(private_cache: Path) -> None:
    first = load_file(VMLINUX_PATH)
    entries = {p.name for p in private_cache.glob("btf/*.btfx")}
    assert f"{first.key}.btfx" in entries and any(private_cache.glob("btf/src-*"))
    second = load_file(VMLINUX_PATH)
    assert {p.name for p in private_cache.glob("btf/*.btfx")} == entries  # nothing new written
    assert isinstance(second._keepalive, mmap.mmap)  # warm: mapped from the cache, not read from sysfs
    assert second.key == first.key and second.raw == first.raw
    assert second.struct("task_struct").size == first.struct("task_struct").size


def test_corrupt_cache_entry_is_rebuilt(private_cache: Path, tmp_path: Path) -> None:
    src = tmp_path / "copy.btf"
    src.write_bytes(Path(VMLINUX_PATH).read_bytes())
    good = load_file(src)
    entry = private_cache / "btf" / f"{good.key}.btfx"
    data = bytearray(entry.read_bytes())
    data[-3:] = b"XXX"  # break the trailer magic
    entry.write_bytes(bytes(data))
    os.utime(src)  # new mtime: the pointer file no longer matches
    again = load_file(src)
    assert again.struct("task_struct").size == good.struct("task_struct").size
    assert entry.read_bytes()[-8:] == b"PYOBTFX1"  # rewritten


def test_missing_kernel_btf(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PYOOMBPF_VMLINUX_BTF", str(tmp_path / "no-such-btf"))
    with pytest.raises(BtfUnavailableError) as exc:
        vmlinux()
    assert isinstance(exc.value, NotSupportedError) and "CONFIG_DEBUG_INFO_BTF" in str(exc.value)
    assert try_vmlinux() is None


def test_module_btf_of_an_absent_module() -> None:
    from pyoombpf.btf import module_btf

    with pytest.raises(FileNotFoundError):
        module_btf("pyoombpf_no_such_module")


def test_struct_hash_is_cached_and_stable(kernel: BtfSpec) -> None:
    task = kernel.struct("task_struct")
    assert hash(task) == hash(task) and {task: 1}[kernel.struct("task_struct")] == 1


def test_prune_keeps_live_entries(private_cache: Path, tmp_path: Path) -> None:
    import time

    from pyoombpf.btf import cache

    src = tmp_path / "copy.btf"
    src.write_bytes(Path(VMLINUX_PATH).read_bytes())
    live = load_file(src).key
    d = private_cache / "btf"
    stale_entry = d / ("0" * 32 + ".btfx")
    stale_entry.write_bytes(b"old")
    stale_ptr = d / ("src-" + "1" * 32)
    stale_ptr.write_text("2" * 32)
    long_ago = time.time() - 40 * 86400
    os.utime(stale_entry, (long_ago, long_ago))
    os.utime(stale_ptr, (long_ago, long_ago))
    removed = cache.prune()
    assert stale_entry.name in removed and stale_ptr.name in removed
    assert (d / f"{live}.btfx").exists()
