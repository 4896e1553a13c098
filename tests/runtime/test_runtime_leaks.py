"""A thousand objects opened, loaded, used and closed in one process leave no fds and no memory behind."""

from __future__ import annotations

import gc
import os
import struct
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pyoombpf.runtime import BpfObject, IntCodec, RingBuffer
from pyoombpf.runtime.features import has_tracepoint
from pyoombpf.runtime.testing import open_fd_count, rss_bytes

from .conftest import Build

pytestmark = [pytest.mark.kernel, pytest.mark.slow]
RSS_SLACK = 4 << 20  # allocator noise; a leak of one buffer per object would be >= 1000 * 4 KiB


def _cycle(elf: bytes) -> None:
    with BpfObject.open(elf, "leak") as obj:
        obj.set_rodata("multiplier", (2).to_bytes(8, "little"))
        obj.load()
        obj.program("add").test_run(struct.pack("<QQQQ", 1, 2, 0, 0))
        table = obj.map("table", key=IntCodec(4))
        table[1] = b"\0" * 8
        assert obj.map("counters", key=IntCodec(4), value=IntCodec(8))[0] == 1


def _dropped(elf_rb: bytes, elf_tracing: bytes) -> None:
    """Resources dropped without close(): the finalizers must release them."""
    obj = BpfObject.open(elf_rb, "drop")
    obj.load()
    rb = RingBuffer(obj.map("events"))
    rb.poll(0)
    tracing = BpfObject.open(elf_tracing, "drop2")
    tracing.set_rodata("target_tgid", os.getpid().to_bytes(4, "little"))
    with_link = has_tracepoint("sys_enter")  # the minimal test-VM kernel has no syscall tracepoints
    for name in ("on_tp", "on_tp_btf", "dump_task", "on_raw_tp"):
        tracing.program(name).autoload = with_link and name == "on_raw_tp"
    tracing.load()
    if with_link:
        assert tracing.program("on_raw_tp").attach().fd > 0


def _measure() -> tuple[int, int]:
    gc.collect()
    return open_fd_count(), rss_bytes()


def test_thousand_objects_return_fds_and_rss_to_baseline(build: Build) -> None:
    elf = build("syscall_maps.c")
    for _ in range(50):  # warm caches (vmlinux BTF, allocator arenas, cffi type cache)
        _cycle(elf)
    fds, rss = _measure()
    for _ in range(1000):
        _cycle(elf)
    fds_after, rss_after = _measure()
    assert fds_after == fds
    assert rss_after - rss < RSS_SLACK, f"RSS grew by {(rss_after - rss) / 1024:.0f} KiB over 1000 objects"


def test_dropped_references_close_everything(build: Build) -> None:
    elf_rb, elf_tracing = build("ringbuf.c"), build("tracing.c")
    for _ in range(10):
        _dropped(elf_rb, elf_tracing)
    fds, rss = _measure()
    for _ in range(200):
        _dropped(elf_rb, elf_tracing)
    fds_after, rss_after = _measure()
    assert fds_after == fds
    assert rss_after - rss < RSS_SLACK, f"RSS grew by {(rss_after - rss) / 1024:.0f} KiB over 200 rounds"


_EXIT_CHILD = textwrap.dedent(
    """
    import sys
    from pyoombpf.runtime import BpfObject, RingBuffer
    obj = BpfObject.open(open(sys.argv[1], "rb").read(), "atexit")
    obj.load()
    rb = RingBuffer(obj.map("events"), callback=print)
    cc = BpfObject.open(open(sys.argv[2], "rb").read(), "atexit_cc")
    cc.load()
    link = cc.struct_ops("pyo_cc").register()
    print("registered")
    # no close(): the interpreter exits with the object, the ring buffer and the link alive
    """
)


def test_interpreter_exit_with_live_resources_is_clean(build: Build, tmp_path: Path) -> None:
    from pyoombpf.runtime import features

    if not features().has_struct_ops("tcp_congestion_ops"):
        pytest.skip("this kernel has no tcp_congestion_ops struct_ops type")
    rb_path, cc_path = tmp_path / "ringbuf.o", tmp_path / "tcp_cc.o"
    rb_path.write_bytes(build("ringbuf.c"))
    cc_path.write_bytes(build("tcp_cc.c"))
    proc = subprocess.run(
        [sys.executable, "-c", _EXIT_CHILD, str(rb_path), str(cc_path)], capture_output=True, text=True, timeout=60
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "registered\n", "")
    with open("/proc/sys/net/ipv4/tcp_available_congestion_control") as f:
        assert "pyoombpf_rt" not in f.read().split()  # the link died with the process
