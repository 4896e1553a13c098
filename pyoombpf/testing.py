"""Running compiled functions in the kernel, and their Python twins, for tests.

``kernel_call(fn, *args)`` compiles ``fn``, loads it as a SYSCALL program, runs it once with ``BPF_PROG_RUN`` and
returns what the kernel computed.  ``KernelFunction`` keeps the program loaded for many calls (differential tests).
``python_call(fn, *args)`` runs the same program as Python with the language's exact semantics.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import Any

from pyoombpf.compiler import CompiledObject, compile
from pyoombpf.memo import PerObject
from pyoombpf.types.core import BoolType, IntType, VoidType

_compiled: PerObject[CompiledObject] = PerObject()


def compiled(fn: Callable[..., Any]) -> CompiledObject:
    """``compile(fn)``, cached per function object while it lives."""
    return _compiled.get(fn, lambda: compile(fn))


class KernelFunction:
    """A compiled function loaded into the kernel; call it like the Python function.  A context manager."""

    def __init__(self, fn: Callable[..., Any] | CompiledObject) -> None:
        from pyoombpf.runtime import BpfObject

        self.compiled = fn if isinstance(fn, CompiledObject) else compiled(fn)
        entry = self.compiled.program.entry
        self._params = [p.type for p in entry.params]
        self._ret = entry.return_type
        self._obj = BpfObject.open(self.compiled.elf, name=self.compiled.name)
        try:
            self._obj.load()
            self._prog = self._obj.program(self.compiled.name)
        except BaseException:
            self._obj.close()
            raise

    def __call__(self, *args: int) -> Any:
        if len(args) != len(self._params):
            raise TypeError(f"{self.compiled.name}() takes {len(self._params)} arguments, {len(args)} given")
        slots = [int(a) & 0xFFFF_FFFF_FFFF_FFFF for a in args] + [0]
        ctx = struct.pack(f"<{len(slots)}Q", *slots)
        out = self._prog.test_run(ctx).ctx_out
        (raw,) = struct.unpack_from("<Q", out, 8 * len(args))
        return decode_result(self._ret, raw)

    def close(self) -> None:
        self._obj.close()

    def __enter__(self) -> KernelFunction:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def decode_result(t: Any, raw: int) -> Any:
    if isinstance(t, VoidType):
        return None
    if isinstance(t, BoolType):
        return bool(raw & 1)
    assert isinstance(t, IntType)
    return IntType(64, t.signed).wrap(raw) if t.bits == 64 else t.wrap(raw)


def kernel_call(fn: Callable[..., Any], *args: int) -> Any:
    """Compile ``fn`` (integer arguments and result), run it once in the kernel, return the kernel's result."""
    with KernelFunction(fn) as kf:
        return kf(*args)


def python_call(fn: Callable[..., Any], *args: int) -> Any:
    """Run ``fn`` as Python with the language's exact semantics (fixed-width integers, loop budget, …)."""
    return compiled(fn).python()(*args)
