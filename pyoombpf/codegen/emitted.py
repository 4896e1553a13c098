"""The BPF target's constants and what emitting a module produces, without loading LLVM.

:mod:`pyoombpf.codegen.emit` loads LLVM (``llvmlite.binding``: ~0.1 s and a large shared library); lowering needs
only the target's triple and data layout, and a compile served from the object cache
(:mod:`pyoombpf.codegen.cache`) needs only :class:`EmittedObject`, so both live here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

TRIPLE = "bpfel"
DATALAYOUT = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
# cpu v3: 32-bit jumps and ALU32; supported by every kernel pyoombpf targets (5.1+; we need 6.x anyway).
CPU = "v3"
#: named metadata the lowering adds to a module with a loop the verifier walks iteration by iteration (a short
#: constant range, a counted ``while``): such a module is not selected for size (``emit._select_for_size``) but
#: gets codegen/shape.py's rewrites (``emit._reshaped``)
WALKED_LOOPS = "pyoombpf.walked_loops"


@dataclass
class EmittedObject:
    """What codegen produced: the ELF bytes and the optimised IR text; the assembly is made on demand (an object
    from a child process or from the cache brings it along)."""

    elf: bytes
    optimized_ir: str
    _module: Any = field(repr=False)
    _asm: str | None = field(default=None, repr=False)
    #: bytes of BPF stack each function of the object uses (by symbol), read from its instructions
    stack: dict[str, int] = field(default_factory=dict)
    #: True when the module was optimised and emitted in a child process (pyoombpf.codegen.isolated)
    isolated: bool = False
    #: why the module was emitted in a child process (outside the envelope of pyoombpf.codegen.checks)
    isolated_because: tuple[str, ...] = ()

    @property
    def asm(self) -> str:
        if self._asm is None:
            from pyoombpf.codegen.emit import assembly

            assert self._module is not None
            self._asm = assembly(self._module)
        return self._asm
