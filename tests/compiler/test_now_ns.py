"""``now_ns()``: the clock built-in.  Typed as a ``u64`` ``NOW_NS`` intrinsic, lowered in every mode to exactly
one ``bpf_ktime_get_ns`` helper call (helper 5) per call written, refused with a located error when misused, and
``kfuncs.bpf_ktime_get_ns()`` (a helper, not a kfunc) points at it.  The kernel run is tests/runtime/test_clock.py."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

import pyoombpf
from pyoombpf import (
    PASS,
    ArrayMap,
    OomControl,
    Psi,
    PsiTrigger,
    Verdict,
    i32,
    kfuncs,
    now_ns,
    oom_handler,
    psi_policy,
    u64,
)
from pyoombpf.compiler import build_hir
from pyoombpf.hir import intrinsics as I
from pyoombpf.hir import nodes as H
from pyoombpf.types.core import U64

clock = ArrayMap(u64, max_entries=2)


def one_read() -> u64:
    return now_ns()


def three_reads(n: u64) -> u64:
    start = now_ns()
    middle = now_ns()
    if n > 1:
        middle = now_ns()
    return middle - start


def no_read(n: u64) -> u64:
    return n + 1


@oom_handler(name="clocked")
def clocked(oc: OomControl) -> Verdict:
    clock[0] = now_ns()
    return PASS


@oom_handler(name="unclocked")
def unclocked(oc: OomControl) -> Verdict:
    clock[0] = 1
    return PASS


@psi_policy(name="clocked_psi")
class ClockedPsi:
    def init(psi: Psi) -> i32:  # noqa: N805
        return psi.create_trigger(0, resource="memory", full=True, threshold_us=100_000, window_us=1_000_000)

    def on_event(trigger: PsiTrigger) -> None:  # noqa: N805
        clock[1] = now_ns()


@psi_policy(name="unclocked_psi")
class UnclockedPsi:
    def init(psi: Psi) -> i32:  # noqa: N805
        return psi.create_trigger(0, resource="memory", full=True, threshold_us=100_000, window_us=1_000_000)

    def on_event(trigger: PsiTrigger) -> None:  # noqa: N805
        clock[1] = 1


def takes_an_argument() -> u64:
    return now_ns(1)  # type: ignore[call-arg]


def kfunc_spelling() -> u64:
    return kfuncs.bpf_ktime_get_ns()


def _nodes(value: Any) -> Iterator[H.Intrinsic]:
    """Every Intrinsic reachable from ``value`` (HIR nodes, lists of them)."""
    if isinstance(value, list | tuple):
        for v in value:
            yield from _nodes(v)
    elif isinstance(value, H.Expr | H.Stmt | H.Function):
        if isinstance(value, H.Intrinsic):
            yield value
        for name in value._fields:
            yield from _nodes(getattr(value, name))


def _helper_calls(asm: str, helper: int) -> int:
    return len(re.findall(rf"\bcall {helper}$", asm, flags=re.MULTILINE))


def test_now_ns_is_a_u64_intrinsic_without_arguments() -> None:
    found = [e for e in _nodes(build_hir(three_reads).entry) if e.op is I.NOW_NS]
    assert len(found) == 3
    assert all(e.type == U64 and e.args == [] for e in found)
    assert I.NOW_NS.public and I.NOW_NS.modes == I.ALL_MODES


@pytest.mark.usefixtures("bundled_kernel")
@pytest.mark.parametrize(("fn", "calls"), [(one_read, 1), (three_reads, 3), (no_read, 0)])
def test_each_call_is_one_ktime_helper_call_in_a_syscall_program(fn: Any, calls: int) -> None:
    obj = pyoombpf.compile(fn)
    assert _helper_calls(obj.asm, 5) == calls, obj.asm


@pytest.mark.usefixtures("bundled_kernel")
@pytest.mark.parametrize("mode", ["struct_ops", "bridge"])
def test_policies_read_the_clock_in_both_oom_modes(mode: str) -> None:
    with_clock = pyoombpf.compile(clocked, mode=mode).asm
    without = pyoombpf.compile(unclocked, mode=mode).asm
    assert _helper_calls(with_clock, 5) - _helper_calls(without, 5) == 1, with_clock


@pytest.mark.usefixtures("bundled_kernel")
@pytest.mark.parametrize("abi", ["v3", "v2"])
def test_psi_policies_read_the_clock(abi: str) -> None:
    """(v3's tracepoint program reads the clock itself too: the difference is the policy's call.)"""
    with_clock = pyoombpf.compile(ClockedPsi, abi=abi).asm
    without = pyoombpf.compile(UnclockedPsi, abi=abi).asm
    assert _helper_calls(with_clock, 5) - _helper_calls(without, 5) == 1, with_clock


def test_an_argument_is_a_located_error() -> None:
    with pytest.raises(pyoombpf.TypingError, match="now_ns\\(\\) takes no arguments") as e:
        pyoombpf.compile(takes_an_argument)
    assert "test_now_ns.py:" in str(e.value) and "now_ns(1)" in str(e.value)


def test_the_ktime_helper_spelt_as_a_kfunc_points_at_now_ns() -> None:
    with pytest.raises(pyoombpf.TypingError) as e:
        pyoombpf.compile(kfunc_spelling)
    text = str(e.value)
    assert "unknown kfunc bpf_ktime_get_ns" in text
    assert "note: bpf_ktime_get_ns is a BPF helper, not a kfunc: call the built-in now_ns()" in text


def test_outside_compiled_code_it_says_where_it_runs() -> None:
    with pytest.raises(RuntimeError, match="now_ns\\(\\) runs only inside compiled BPF code"):
        now_ns()
    assert repr(now_ns) == "pyoombpf.now_ns" and "now_ns" in pyoombpf.__all__


def test_the_python_execution_reads_the_models_clock() -> None:
    from pyoombpf.pyexec.rules import KernelModel, PyEnv

    class Fixed(KernelModel):
        def __init__(self) -> None:
            self.t = 100

        def now_ns(self) -> int:
            self.t += 7
            return self.t

    obj = pyoombpf.compile(three_reads)
    assert obj.python(PyEnv(kernel=Fixed()))(5) == 14  # reads 107, 114, 121: middle is the third
    assert obj.python(PyEnv(kernel=Fixed()))(0) == 7  # reads 107, 114
    assert obj.python()(5) < 10**9  # the base model: the machine's monotonic clock, moving forward
