"""The compiled object: ELF sections, BTF line info pointing at the .py file, IR and disassembly, stability of
compiling many CO-RE programs in one process."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from pyoombpf.compiler import compile as pcompile
from pyoombpf.elf import section_map
from pyoombpf.testing import KernelFunction

from . import progs_kernel as K
from . import progs_semantics as P


def test_object_has_btf_line_info_and_license() -> None:
    obj = pcompile(P.gcd)
    secs = section_map(obj.elf)
    for name in (".BTF", ".BTF.ext", "syscall", "license"):
        assert name in secs, sorted(secs)
    btf = secs[".BTF"].data(obj.elf)
    assert os.path.basename(P.__file__).encode() in btf  # line info names the user's .py file
    assert b"while b:" in btf  # and carries its source lines


def test_ir_and_disassembly_are_exposed() -> None:
    obj = pcompile(P.gcd)
    assert "define" in obj.ir and 'section "syscall"' in obj.ir
    assert "define" in obj.optimized_ir
    assert "exit" in obj.asm
    assert obj.insn_count > 0


@pytest.mark.kernel
def test_verifier_log_quotes_python_lines() -> None:
    from pyoombpf.runtime import BpfObject

    obj = pcompile(K.task_facts)
    with BpfObject.open(obj.elf, name="task_facts") as bo:
        bo.load()
    # a successful load proves the BTF (func info with named parameters, line info) is accepted by the kernel
    with KernelFunction(obj) as kf:
        assert kf(os.getpid(), 0) == os.getpid()


@pytest.mark.kernel
def test_kernel_reads_match_procfs() -> None:
    pid = os.getpid()
    with open(f"/proc/{pid}/oom_score_adj") as f:
        adj = int(f.read())
    with KernelFunction(K.task_facts) as kf:
        assert kf(pid, 0) == pid
        assert kf(pid, 1) == pid
        assert kf(pid, 2) == adj + K.OFFSET
        assert kf(pid, 4) == os.getppid()
        assert kf(-5, 0) == -1  # no such task: the NULL check path


@pytest.mark.kernel
def test_weak_kfunc_availability() -> None:
    from pyoombpf.btf import try_vmlinux

    spec = try_vmlinux()
    has_memcg = spec is not None and "bpf_mem_cgroup_usage" in spec.kfuncs()
    with KernelFunction(K.has_kfuncs) as kf:
        assert kf(0) == 1
        assert kf(1) == int(has_memcg)  # one object loads with or without the optional kfunc


def test_kernel_pointer_parameter_needs_a_policy_context() -> None:
    import pyoombpf

    with pytest.raises(pyoombpf.TypingError, match="parameter 'task' is task_struct"):
        pcompile(K.comm_sum)


def test_many_core_modules_in_one_process() -> None:
    """LLVM once aborted when a second module in the process repeated a CO-RE access.  Compile 40 CO-RE
    programs in one fresh process (isolated: a crash there must not take the test runner down); each program's
    20 objects are the same bytes, whatever was compiled before it in the process (reproducible objects)."""
    tests_dir = os.path.dirname(os.path.dirname(__file__))
    code = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {tests_dir!r})
        from compiler import progs_kernel as K
        from pyoombpf.compiler import compile
        facts = {{compile(K.task_facts).elf for _ in range(20)}}
        kfuncs = {{compile(K.has_kfuncs).elf for _ in range(20)}}
        print("ok", len(facts), len(kfuncs))
        """
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout == "ok 1 1\n"


@pytest.mark.kernel
def test_runtime_array_index_is_bounds_checked() -> None:
    with open(f"/proc/{os.getpid()}/comm", "rb") as f:
        comm = f.read().rstrip(b"\n")
    with KernelFunction(K.comm_char) as kf:
        got = bytes(kf(os.getpid(), i) for i in range(len(comm)))
        assert got == comm
        assert kf(os.getpid(), 16) == 0 and kf(os.getpid(), 1 << 31) == 0
