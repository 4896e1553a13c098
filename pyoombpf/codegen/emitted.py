"""The BPF target's constants and what emitting a module produces, without loading LLVM.

:mod:`pyoombpf.codegen.emit` loads LLVM (``llvmlite.binding``: ~0.1 s and a large shared library); lowering needs
only the target's triple and data layout, and a compile served from the object cache
(:mod:`pyoombpf.codegen.cache`) needs only :class:`EmittedObject`, so both live here.
"""

from __future__ import annotations

from typing import Any

from pyoombpf.plain import Plain

TRIPLE = "bpfel"
DATALAYOUT = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
# cpu v3: 32-bit jumps and ALU32; supported by every kernel pyoombpf targets (5.1+; we need 6.x anyway).
CPU = "v3"
#: named metadata the lowering adds to a module with a loop the verifier walks iteration by iteration (a short
#: constant range, a counted ``while``): such a module is not selected for size (``emit._select_for_size``) but
#: gets codegen/shape.py's rewrites (``emit._reshaped``)
WALKED_LOOPS = "pyoombpf.walked_loops"


class EmittedObject(Plain):
    """What codegen produced: the ELF bytes and the optimised IR text; the assembly is made on demand (an object
    from a child process or from the cache brings it along).  (A :class:`~pyoombpf.plain.Plain` record, not a
    dataclass: every ``pyoombpf compile`` imports this module, and making a dataclass costs ~0.5 ms.)"""

    _fields = ("elf", "optimized_ir", "_module", "_asm", "stack", "isolated", "isolated_because")

    def __init__(
        self,
        elf: bytes,
        optimized_ir: str,
        _module: Any,
        _asm: str | None = None,
        stack: dict[str, int] | None = None,
        isolated: bool = False,
        isolated_because: tuple[str, ...] = (),
    ) -> None:
        self.elf = elf
        self.optimized_ir = optimized_ir
        #: the LLVM module and its context (``pyoombpf.codegen.emit.Emission``) until the assembly is made
        self._module = _module
        self._asm = _asm
        #: bytes of BPF stack each function of the object uses (by symbol), read from its instructions
        self.stack: dict[str, int] = {} if stack is None else stack
        #: True when the module was optimised and emitted in a child process (pyoombpf.codegen.isolated)
        self.isolated = isolated
        #: why the module was emitted in a child process (outside the envelope of pyoombpf.codegen.checks)
        self.isolated_because = isolated_because

    def __repr__(self) -> str:
        return f"EmittedObject(elf=<{len(self.elf)} bytes>, stack={self.stack!r}, isolated={self.isolated!r})"

    @property
    def asm(self) -> str:
        if self._asm is None:
            from pyoombpf.codegen.emit import assembly

            assert self._module is not None
            self._asm = assembly(self._module.module)
            self._module.close()  # the module and its LLVM context are not needed any more
            self._module = None
        return self._asm
