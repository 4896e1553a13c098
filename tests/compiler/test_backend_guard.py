"""The last line of defence against LLVM ending the process (docs/design.md, "The compiler never takes its caller
down"): what LLVM's BPF backend refuses fatally is caught before it runs (codegen/checks.py), a module outside
the envelope it is known to compile is emitted in a child process (codegen/isolated.py), and the stack is
measured from the object (codegen/stack.py) rather than by LLVM's fatal check.

Each test hands LLVM something that, given to the backend in this process, would end pytest: that the test
finishes at all is half of what it checks.
"""

from __future__ import annotations

import inspect

import pytest

import pyoombpf
from pyoombpf import u64
from pyoombpf.codegen import emit as emit_module
from pyoombpf.codegen.checks import BackendRefusal
from pyoombpf.codegen.emit import emit_object
from pyoombpf.codegen.isolated import BackendFailure
from pyoombpf.codegen.stack import BPF_STACK_LIMIT
from pyoombpf.errors import BackendError, CodegenError

HEAD = 'target triple = "bpfel"\ntarget datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"\n'

SIX_ARGUMENTS = (
    HEAD
    + """
define internal i64 @six(i64 %a, i64 %b, i64 %c, i64 %d, i64 %e, i64 %f) noinline {
  %1 = add i64 %a, %b
  %2 = mul i64 %1, %c
  %3 = xor i64 %2, %d
  %4 = add i64 %3, %e
  %5 = mul i64 %4, %f
  ret i64 %5
}

define i64 @entry(i64 %x, i64 %y) {
  %r = call i64 @six(i64 %x, i64 %y, i64 %x, i64 %y, i64 %x, i64 %y)
  %s = call i64 @six(i64 %y, i64 %r, i64 %x, i64 %r, i64 %y, i64 %x)
  ret i64 %s
}
"""
)

DYNAMIC_STACK = (
    HEAD
    + """
define i64 @entry(i64 %n) {
  %p = alloca i64, i64 %n
  store volatile i64 %n, ptr %p
  %v = load volatile i64, ptr %p
  ret i64 %v
}
"""
)

#: a sub-word atomic add: outside the envelope, and LLVM's BPF backend ends the process on it
NARROW_ATOMIC = (
    HEAD
    + """
@counter = global i8 0

define i64 @entry(i64 %x) {
  %v = trunc i64 %x to i8
  %old = atomicrmw add ptr @counter, i8 %v monotonic
  %r = zext i8 %old to i64
  ret i64 %r
}
"""
)


def big_frame(words: int) -> str:
    """A function whose frame holds ``words`` 64-bit values (one written at a run-time index: kept whole)."""
    return (
        HEAD
        + f"""
define i64 @entry(i64 %x) {{
  %a = alloca [{words} x i64], align 8
  %i = urem i64 %x, {words}
  %any = getelementptr [{words} x i64], ptr %a, i64 0, i64 %i
  store volatile i64 %x, ptr %a
  store volatile i64 %x, ptr %any
  %v = load volatile i64, ptr %a
  ret i64 %v
}}
"""
    )


def test_six_arguments_are_refused_before_the_backend() -> None:
    with pytest.raises(BackendRefusal) as info:
        emit_object(SIX_ARGUMENTS)
    assert [(r.function, r.kind) for r in info.value.refusals] == [("six", "arguments")]
    assert isinstance(info.value, CodegenError)


def test_a_dynamic_stack_allocation_is_refused_before_the_backend() -> None:
    with pytest.raises(BackendRefusal) as info:
        emit_object(DYNAMIC_STACK)
    assert [(r.function, r.kind) for r in info.value.refusals] == [("entry", "dynamic-stack")]


#: an instruction used before it is defined, in a module with debug info (as every module pyoombpf makes):
#: LLVM's parser used to verify such a module while "upgrading" its debug info and end the process
BROKEN_WITH_DEBUG_INFO = (
    HEAD
    + """
define i64 @entry(i64 %x) {
  %y = add i64 %z, 1
  %z = add i64 %x, 1
  ret i64 %y
}
!llvm.module.flags = !{ !0 }
!0 = !{ i32 2, !"Debug Info Version", i32 3 }
"""
)


def test_a_broken_module_is_an_exception_not_the_end_of_the_process() -> None:
    with pytest.raises(CodegenError, match="does not dominate all uses"):
        emit_object(BROKEN_WITH_DEBUG_INFO)


def test_a_module_outside_the_envelope_fails_in_a_child_not_here() -> None:
    with pytest.raises(BackendFailure) as info:
        emit_object(NARROW_ATOMIC)
    failure = info.value
    assert "unsupported atomic operation" in failure.message, failure.message
    assert "the compiling process ended with exit status" in failure.message
    assert failure.function == "entry"


def test_isolated_emission_gives_the_same_object() -> None:
    ir_text = big_frame(4)
    here = emit_object(ir_text, isolate=False)
    there = emit_object(ir_text, isolate=True)
    assert not here.isolated and there.isolated
    assert there.elf == here.elf
    assert there.asm == here.asm and there.stack == here.stack


def test_the_stack_is_measured_from_the_object() -> None:
    assert emit_object(big_frame(8)).stack == {"entry": 64}
    # LLVM's own check would end the process here: its limit is out of reach and the compiler measures instead
    deep = emit_object(big_frame(100)).stack["entry"]
    assert deep == 800 > BPF_STACK_LIMIT


def add_one(a: u64) -> u64:
    return a + 1


def test_compile_can_isolate_every_module(monkeypatch: pytest.MonkeyPatch) -> None:
    obj = pyoombpf.compile(add_one, isolate=True)
    assert obj._emitted.isolated and obj.python()(41) == 42
    monkeypatch.setenv("PYOOMBPF_ISOLATE", "1")
    assert pyoombpf.compile(add_one)._emitted.isolated
    monkeypatch.setenv("PYOOMBPF_ISOLATE", "0")
    assert not pyoombpf.compile(add_one)._emitted.isolated


def test_a_backend_failure_is_a_located_backend_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """What LLVM says in the child (its file:line:col and function) becomes a BackendError at that line."""
    line = inspect.getsourcelines(add_one)[1] + 1
    diagnostic = (
        f"error: {__name__.rsplit('.', 1)[-1]}.py:{line}:12: in function add_one i64 (i64): unsupported atomic "
        "operation (the compiling process ended with exit status 1)"
    )

    def dies(ir_text: str, opt_level: int = 2, *, isolate: bool | None = None) -> None:
        raise BackendFailure(diagnostic, 1)

    monkeypatch.setattr(emit_module, "emit_object", dies)
    with pytest.raises(BackendError) as info:
        pyoombpf.compile(add_one)
    err = info.value
    assert (err.filename, err.lineno, err.col) == (__file__, line, 12)
    assert err.message.startswith("LLVM's BPF backend cannot compile add_one(): ")
    assert err.llvm_message == diagnostic
    assert isinstance(err, pyoombpf.CompileError)
