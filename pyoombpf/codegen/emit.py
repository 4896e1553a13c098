"""Run LLVM's new-PM pipeline on a module and emit a relocatable BPF ELF.

CO-RE intrinsics (``llvm.preserve.*.access.index``) are only selectable after the BPF target's IR passes have run,
which happens in the new pass manager's module pipeline.  Emitting without it aborts the process, so every module
goes through :func:`emit_object` and nothing else calls ``emit_object`` on a target machine.
"""

from __future__ import annotations

import itertools
import re
import threading
from dataclasses import dataclass, field
from functools import cache

import llvmlite.binding as llvm

from pyoombpf.errors import CodegenError

TRIPLE = "bpfel"
DATALAYOUT = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
# cpu v3: 32-bit jumps and ALU32; supported by every kernel pyoombpf targets (5.1+; we need 6.x anyway).
CPU = "v3"

_lock = threading.Lock()


@cache
def _target_machine() -> llvm.TargetMachine:
    llvm.initialize_all_targets()
    llvm.initialize_all_asmprinters()
    target = llvm.Target.from_triple(TRIPLE)
    return target.create_target_machine(cpu=CPU, opt=2, reloc="static", codemodel="default")


@dataclass
class EmittedObject:
    """What codegen produced: the ELF bytes and the optimised IR text; the assembly is made on demand."""

    elf: bytes
    optimized_ir: str
    _module: llvm.ModuleRef = field(repr=False)
    _asm: str | None = field(default=None, repr=False)

    @property
    def asm(self) -> str:
        if self._asm is None:
            with _lock:
                self._asm = _target_machine().emit_assembly(self._module)
        return self._asm


_emission = itertools.count(1)
_CORE_SUFFIX = re.compile(r"___pyo\d+")


def _fresh_core_names(ir_text: str) -> str:
    """Give this emission's CO-RE struct names a suffix no earlier emission in the process used.  LLVM keeps
    CO-RE relocation globals by name across modules and aborts the process when a second module repeats one
    (reproduced: "Uses remain when a value is destroyed"), so even the same IR text emitted twice must differ."""
    n = next(_emission)
    return _CORE_SUFFIX.sub(f"___pyo{n}", ir_text)


def emit_object(ir_text: str, opt_level: int = 2) -> EmittedObject:
    """Parse, verify, optimise (new PM, ``-O{opt_level}``) and emit ``ir_text`` as a BPF object."""
    ir_text = _fresh_core_names(ir_text)
    with _lock:
        tm = _target_machine()
        try:
            module = llvm.parse_assembly(ir_text)
            module.verify()
        except RuntimeError as exc:  # llvmlite reports parse/verify failures as RuntimeError
            raise CodegenError(f"LLVM rejected the generated module (a pyoombpf bug): {exc}") from exc
        module.triple = TRIPLE
        module.data_layout = DATALAYOUT
        pto = llvm.create_pipeline_tuning_options(speed_level=opt_level)
        pb = llvm.create_pass_builder(tm, pto)
        try:
            pb.getModulePassManager().run(module, pb)
        finally:
            pb.close()
        elf = tm.emit_object(module)
        return EmittedObject(elf=bytes(elf), optimized_ir=str(module), _module=module)
