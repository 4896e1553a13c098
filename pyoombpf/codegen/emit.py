"""Run LLVM's new-PM pipeline on a module and emit a relocatable BPF ELF.

CO-RE intrinsics (``llvm.preserve.*.access.index``) are only selectable after the BPF target's IR passes have run,
which happens in the new pass manager's module pipeline.  Emitting without it aborts the process, so every module
goes through :func:`emit_object` and nothing else calls ``emit_object`` on a target machine.
"""

from __future__ import annotations

import itertools
import os
import re
import sys
import threading
from collections.abc import Callable
from functools import cache

import llvmlite.binding as llvm

from pyoombpf.codegen.checks import BackendRefusal, check_module
from pyoombpf.codegen.emitted import CPU, DATALAYOUT, TRIPLE, WALKED_LOOPS, EmittedObject
from pyoombpf.codegen.shape import reshape
from pyoombpf.codegen.stack import stack_depths
from pyoombpf.errors import CodegenError

#: LLVM's BPF stack limit while pyoombpf compiles (see _target_machine)
STACK_OPTION_LIMIT = 1 << 30

_lock = threading.Lock()


@cache
def _target_machine() -> llvm.TargetMachine:
    llvm.initialize_all_targets()
    llvm.initialize_all_asmprinters()
    # LLVM's own check of the 512-byte BPF stack is a fatal error that ends the process: move its limit out of
    # reach and measure the stack ourselves (codegen/stack.py; a frame beyond 16-bit offsets shows there too).
    llvm.set_option("pyoombpf", f"-bpf-stack-size={STACK_OPTION_LIMIT}")
    # Parsing a module that carries "Debug Info Version" 3 (ours all do) runs LLVM's whole-module verifier as part
    # of "upgrading" its debug info, and a module it finds broken ends the process ("Broken module found,
    # compilation aborted!") before _optimised's own verify() could raise.  Our IR is made for this LLVM and
    # needs no upgrade: parse it as it is, and verify it once, where a failure is an exception.
    llvm.set_option("pyoombpf", "-disable-auto-upgrade-debug-info")
    # measurement switch (benchmarks/bench_pipeline.py): optional LLVM passes to leave out, by pipeline name.
    # LLVM's -opt-disable holds for every pass manager in the process and cannot be undone: never a default.
    if skipped := os.environ.get("PYOOMBPF_LLVM_OPT_DISABLE", ""):
        llvm.set_option("pyoombpf", f"-opt-disable={skipped}")
    target = llvm.Target.from_triple(TRIPLE)
    return target.create_target_machine(cpu=CPU, opt=2, reloc="static", codemodel="default")


def assembly(module: llvm.ModuleRef) -> str:
    """The BPF assembly of an optimised module."""
    with _lock:
        return str(_target_machine().emit_assembly(module))


_emission = itertools.count(1)
_CORE_SUFFIX = re.compile(r"___pyo\d+")
#: the serial's digits during an emission: fixed, so that the emitted bytes can be given one serial afterwards
_SERIAL_DIGITS = 8
_EMITTED_SUFFIX_TEXT = re.compile(rf"___pyo\d{{{_SERIAL_DIGITS}}}")
_EMITTED_SUFFIX = re.compile(_EMITTED_SUFFIX_TEXT.pattern.encode())
#: the serial every object carries (what libbpf ignores when it matches a local type against the kernel's)
CANONICAL_SUFFIX = "___pyo" + "0" * _SERIAL_DIGITS


def _fresh_core_names(ir_text: str) -> str:
    """Give this emission's CO-RE struct names a suffix no earlier emission in the process used.  LLVM keeps
    CO-RE relocation globals by name across modules and aborts the process when a second module repeats one
    (reproduced: "Uses remain when a value is destroyed"), so even the same IR text emitted twice must differ.
    The serial has a fixed number of digits: :func:`_canonical` gives the emitted object one serial again."""
    n = next(_emission) % 10**_SERIAL_DIGITS or 1
    return _CORE_SUFFIX.sub(f"___pyo{n:0{_SERIAL_DIGITS}d}", ir_text)


def _canonical(elf: bytes, optimized_ir: str) -> tuple[bytes, str]:
    """The object and optimised IR with :data:`CANONICAL_SUFFIX` for this emission's serial: the same policy
    gives the same bytes whatever the process compiled before (reproducible objects; an object-cache hit is
    byte for byte what a fresh compile makes).  The names live in ``.BTF``'s string table; the serial has the
    same length as its replacement, so no offset moves."""
    canonical = CANONICAL_SUFFIX.encode()
    return _EMITTED_SUFFIX.sub(canonical, elf), _EMITTED_SUFFIX_TEXT.sub(CANONICAL_SUFFIX, optimized_ir)


def emit_object(ir_text: str, opt_level: int = 2, *, isolate: bool | None = None) -> EmittedObject:
    """Parse, verify, optimise (new PM, ``-O{opt_level}``) and emit ``ir_text`` as a BPF object.

    The optimised module is checked first (:mod:`pyoombpf.codegen.checks`): a construct the BPF backend refuses
    fatally raises :class:`~pyoombpf.codegen.checks.BackendRefusal`; a module outside the envelope the backend is
    known to compile is emitted in a child process (so are all modules with ``isolate=True`` or
    ``PYOOMBPF_ISOLATE=1``), where a fatal LLVM error raises :class:`~pyoombpf.errors.BackendError` instead of
    ending this process."""
    if isolate is None:
        isolate = os.environ.get("PYOOMBPF_ISOLATE", "") not in ("", "0")
    if isolate:
        return _from_child(ir_text, ())
    here = _emit_here(ir_text, opt_level, anyway=False)
    return here if isinstance(here, EmittedObject) else _from_child(ir_text, here)


def emit_in_process(ir_text: str, opt_level: int = 2) -> EmittedObject:
    """:func:`emit_object` without any isolation (the child process of :mod:`pyoombpf.codegen.isolated` runs
    this); refusals still raise :class:`~pyoombpf.codegen.checks.BackendRefusal`."""
    here = _emit_here(ir_text, opt_level, anyway=True)
    assert isinstance(here, EmittedObject)
    return here


def _emit_here(ir_text: str, opt_level: int, *, anyway: bool) -> EmittedObject | tuple[str, ...]:
    """The object, emitted in this process; or, unless ``anyway``, why the module is outside the envelope the
    backend is known to compile (the caller emits it in a child).  The emission's context is disposed on every
    way out but the object's."""
    with _lock:
        parsed = Emission()
        try:
            module = _optimised(parsed, ir_text, opt_level)
            optimized_ir = str(module)
            check = check_module(module, optimized_ir)
            if check.refusals:
                raise BackendRefusal(check.refusals)
            if check.outside and not anyway:
                parsed.close()
                return tuple(check.outside)
            elf, optimized_ir = _canonical(bytes(_target_machine().emit_object(module)), optimized_ir)
        except BaseException:
            parsed.close()
            raise
    return EmittedObject(elf=elf, optimized_ir=optimized_ir, _module=parsed, stack=stack_depths(elf))


class Emission:
    """The LLVM context of one emission and the module parsed in it, disposed together, the module first.

    A module parsed in LLVM's global context leaves its named struct types and its uniqued metadata (all the debug
    info) in that context for the life of the process: ~19 KiB per parse of largest_leaf's IR, without bound
    (docs/design.md "A process that compiles many policies").  A context per emission takes them away with it.
    Only :meth:`close` disposes the context (llvmlite's own finaliser of it is disarmed): a finaliser running
    before the module's, as the garbage collector may order them in a cycle, would free what the module uses."""

    __slots__ = ("context", "module")

    def __init__(self) -> None:
        self.context = llvm.create_context()
        self.context._owned = True  # disposed by close(), after the module
        self.module: llvm.ModuleRef | None = None

    def parse(self, ir_text: str) -> llvm.ModuleRef:
        """``ir_text`` parsed in this emission's context (it replaces, and closes, the module parsed before)."""
        module = llvm.parse_assembly(ir_text, context=self.context)
        if self.module is not None:
            self.module.close()
        self.module = module
        return module

    def close(self) -> None:
        if self.module is not None:
            self.module.close()
            self.module = None
        if not self.context.closed:
            self.context._owned = False
            self.context.close()

    def __del__(self, _finalizing: Callable[[], bool] = sys.is_finalizing) -> None:
        if not _finalizing():  # (at the interpreter's exit, LLVM's memory goes with the process)
            self.close()

    def __enter__(self) -> Emission:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _optimised(parsed: Emission, ir_text: str, opt_level: int) -> llvm.ModuleRef:
    tm = _target_machine()
    try:
        module = parsed.parse(_fresh_core_names(ir_text))
        module.verify()
    except RuntimeError as exc:  # llvmlite reports parse/verify failures as RuntimeError
        raise CodegenError(f"LLVM rejected the generated module (a pyoombpf bug): {exc}") from exc
    module.triple = TRIPLE
    module.data_layout = DATALAYOUT
    with (
        llvm.create_pipeline_tuning_options(speed_level=opt_level) as pto,
        llvm.create_pass_builder(tm, pto) as pb,
        pb.getModulePassManager() as mpm,
    ):
        mpm.run(module, pb)
    return after_pipeline(module, ir_text, opt_level, parsed)


def after_pipeline(
    module: llvm.ModuleRef, ir_text: str, opt_level: int, parsed: Emission | None = None
) -> llvm.ModuleRef:
    """What every optimised module goes through before instruction selection (the benchmarks call it too): a
    module with a loop the verifier walks (``WALKED_LOOPS`` in ``ir_text``) gets :func:`_reshaped`'s rewrites,
    any other is selected for size (:func:`_select_for_size`).  Returns the module to emit (a reshaped module
    is a new one, parsed in ``parsed``'s context, or in the global one when ``parsed`` is None; the one given is
    closed then)."""
    if opt_level <= 0:
        return module
    if f"!{WALKED_LOOPS} =" in ir_text:
        return _reshaped(module, parsed)
    _select_for_size(module)
    return module


def _reshaped(module: llvm.ModuleRef, parsed: Emission | None) -> llvm.ModuleRef:
    """A module with a loop the verifier walks, with :mod:`pyoombpf.codegen.shape`'s rewrites (parsed again only
    when one applies).  Only there: an instruction saved in such a loop is saved on every iteration the verifier
    walks, and a module selected for size skips the remainder fold anyway; the other modules are not printed.
    The rewrites only save instructions: should LLVM refuse their text (a pyoombpf bug), the module is emitted
    as the pipeline left it rather than the compile failing (tests/compiler/test_shape.py checks they apply)."""
    text = reshape(str(module))
    if text is None:
        return module
    context = None if parsed is None else parsed.context
    try:
        reshaped = llvm.parse_assembly(_fresh_core_names(text), context=context)
    except RuntimeError:
        return module
    try:
        reshaped.verify()
    except RuntimeError:
        reshaped.close()
        return module
    module.close()
    if parsed is not None:
        parsed.module = reshaped
    return reshaped


def _select_for_size(module: llvm.ModuleRef) -> None:
    """Mark the optimised functions ``minsize`` for instruction selection and the machine passes only (the IR
    pipeline has already run with speed tuning).  A BPF program's cost is its instructions, for the verifier as
    for the JIT: the backend then lays out fewer jumps and copies (measured: oomd_like 300 -> 290 slots as
    struct_ops; in bridge mode largest_leaf 375 -> 361 slots and 1,080 -> 925 verifier-processed instructions,
    oomd_like 2,946 -> 2,681).  Not for a module with a loop the verifier walks (``WALKED_LOOPS``): there the
    size layout joins an ``if`` right after its branch instead of at the loop latch, where the verifier's
    checkpoint heuristic (a state only every 2 jumps and 8 instructions) keeps no state, so each branch walks
    the rest of its iteration before it is pruned — the peer program took 38 instead of 44 slots but 1,358
    instead of 1,051 processed instructions.  Those modules get :func:`_reshaped`'s rewrites instead."""
    for fn in module.functions:
        if not fn.is_declaration:
            fn.add_function_attribute("minsize")


def _from_child(ir_text: str, because: tuple[str, ...]) -> EmittedObject:
    from pyoombpf.codegen.isolated import emit_isolated

    r = emit_isolated(ir_text)
    return EmittedObject(
        elf=r.elf,
        optimized_ir=r.optimized_ir,
        _module=None,
        _asm=r.asm,
        stack=stack_depths(r.elf),
        isolated=True,
        isolated_because=because,
    )


__all__ = ["CPU", "DATALAYOUT", "TRIPLE", "EmittedObject", "assembly", "emit_in_process", "emit_object"]
