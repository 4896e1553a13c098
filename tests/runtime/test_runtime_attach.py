"""Attaching tracing programs by section: tp_btf/, raw_tp/, iter/ in-process, tp/ where tracefs is mounted.

Each test loads only the program it exercises, so a kernel lacking one hook (the minimal test-VM kernel has no
syscall tracepoints and no tracefs) skips that test alone, naming what is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pyoombpf.errors import AttachError, KernelError, LoadError, NotSupportedError, VerifierError
from pyoombpf.runtime import BpfObject, IntCodec, Link
from pyoombpf.runtime.features import has_tracepoint

from .conftest import Build

pytestmark = pytest.mark.kernel
HIT_TP, HIT_TP_BTF, HIT_RAW_TP = 0, 1, 2
PROGRAMS = ("on_tp", "on_tp_btf", "on_raw_tp", "dump_task")
Tracing = Callable[[str], BpfObject]


def open_tracing(elf: bytes, program: str) -> BpfObject:
    """tracing.c with only ``program`` loaded, counting this process's getpid() calls."""
    obj = BpfObject.open(elf, "tracing")
    try:
        obj.set_rodata("target_tgid", os.getpid().to_bytes(4, "little"))
        for name in PROGRAMS:
            obj.program(name).autoload = name == program
        obj.load()
    except BaseException:
        obj.close()
        raise
    return obj


@pytest.fixture
def tracing(build: Build, no_fd_leak: None) -> Iterator[Tracing]:
    opened: list[BpfObject] = []

    def _open(program: str) -> BpfObject:
        opened.append(open_tracing(build("tracing.c"), program))
        return opened[-1]

    yield _open
    for obj in opened:
        obj.close()


def _require_sys_enter() -> None:
    if not has_tracepoint("sys_enter"):
        pytest.skip("this kernel has no sys_enter tracepoint (CONFIG_FTRACE_SYSCALLS)")


def _getpid_calls(n: int) -> None:
    for _ in range(n):
        os.getpid()


@pytest.mark.parametrize(("program", "slot"), [("on_tp_btf", HIT_TP_BTF), ("on_raw_tp", HIT_RAW_TP)])
def test_tracepoint_program_runs_while_attached_only(tracing: Tracing, program: str, slot: int) -> None:
    _require_sys_enter()
    obj = tracing(program)
    hits = obj.map("hits", key=IntCodec(4), value=IntCodec(8))
    with obj.program(program).attach() as link:
        assert isinstance(link, Link) and link.fd > 0
        _getpid_calls(25)
        seen = hits[slot]
    _getpid_calls(25)
    assert seen >= 25  # other getpid() calls of this process (e.g. by pytest) may add a few
    assert hits[slot] == seen, "the program kept running after its link was closed"


def test_links_the_kernel_cannot_detach_say_to_close_them(tracing: Tracing) -> None:
    """Tracing links have no BPF_LINK_DETACH (struct_ops links do: see test_runtime_struct_ops)."""
    _require_sys_enter()
    link = tracing("on_raw_tp").program("on_raw_tp").attach()
    with pytest.raises(AttachError, match="cannot detach this kind of link while it is open: close\\(\\) it"):
        link.detach()
    link.close()
    assert link.closed
    with pytest.raises(KernelError, match="BPF link is closed"):
        _ = link.fd


def test_iterator_output_is_read_through_the_link(tracing: Tracing) -> None:
    try:
        obj = tracing("dump_task")
    except LoadError as exc:
        if isinstance(exc, VerifierError) or "refused before verification" not in str(exc):
            raise
        pytest.skip(f"this kernel refuses iter/task programs (no task iterator target): {exc}")
    with obj.program("dump_task").attach() as link:
        lines = link.read_iter().decode().splitlines()
        again = link.read_iter().decode().splitlines()
    pid = os.getpid()
    assert lines and lines == again
    assert all(line.startswith(f"{pid} ") for line in lines)
    assert f"{pid} {pid} " in "\n".join(lines)  # the main thread: tid == tgid


def _require_tracing_kernel() -> None:
    if not os.path.isdir("/sys/kernel/tracing"):
        pytest.skip("this kernel has no tracefs at all (CONFIG_TRACING), so no tp/ programs")


def test_tp_without_tracefs_names_what_is_missing(tracing: Tracing) -> None:
    _require_tracing_kernel()
    if os.path.exists("/sys/kernel/tracing/events"):
        pytest.skip("tracefs is mounted here, so tp/ attaches (covered by the next test)")
    with pytest.raises(NotSupportedError, match="tracefs.*mount -t tracefs"):
        tracing("on_tp").program("on_tp").attach()


_TP_CHILD = textwrap.dedent(
    """
    import os, sys
    from pyoombpf.runtime import BpfObject, IntCodec
    if not os.path.exists("/sys/kernel/tracing/events/syscalls/sys_enter_getpid"):
        print("SKIP")
        raise SystemExit(0)
    with BpfObject.open(open(sys.argv[1], "rb").read()) as obj:
        obj.set_rodata("target_tgid", os.getpid().to_bytes(4, "little"))
        for name in ("on_tp_btf", "on_raw_tp", "dump_task"):
            obj.program(name).autoload = False
        obj.load()
        with obj.program("on_tp").attach():
            for _ in range(7):
                os.getpid()
        print(obj.map("hits", key=IntCodec(4), value=IntCodec(8))[0])
    """
)


def test_tp_program_attaches_where_tracefs_is_mounted(build: Build, tmp_path: Path) -> None:
    """tp/ needs tracefs; it is not mounted on this machine, so mount it in a private mount namespace."""
    _require_tracing_kernel()
    if shutil.which("unshare") is None:
        pytest.skip("util-linux unshare is missing, so no private mount namespace for tracefs")
    obj_path = tmp_path / "tracing.o"
    obj_path.write_bytes(build("tracing.c"))
    mount = "mountpoint -q /sys/kernel/tracing || mount -t tracefs nodev /sys/kernel/tracing"
    cmd = f'{mount} && exec "$0" -c "$1" "$2"'
    proc = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", cmd, sys.executable, _TP_CHILD, str(obj_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    if proc.stdout.strip() == "SKIP":
        pytest.skip("this kernel has no syscall tracepoints (CONFIG_FTRACE_SYSCALLS)")
    assert int(proc.stdout.split()[-1]) >= 7
