"""Semantic types of OOM policies: the OOM context, verdicts, and owned memory-cgroup references.

* ``OomCtxType`` — the handler's argument: the ``oom_control`` and (struct_ops v3) the link it runs for.
* ``VerdictType`` — what a handler returns: ``PASS`` or the result of a kill.  There is no way to say "handled"
  without killing: the kernel only counts a real kill, and so does the language.
* ``MemcgType`` — a ``struct mem_cgroup *`` the program holds a reference on.  Every variable of this type owns
  its reference: assignment moves a fresh value in (or acquires a copy of another variable's), overwriting or
  leaving the function releases it.  The compiler inserts every acquire and release.
* ``TaskRefType`` — a task valid inside the loop that produced it (``for task in memcg.tasks()``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pyoombpf.types.core import Type
from pyoombpf.types.kernel import KPtr


class OomCtxType(Type):
    name = "OomControl"

    def __str__(self) -> str:
        return "OomControl"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OomCtxType)

    def __hash__(self) -> int:
        return hash("OomCtxType")

    def llvm_type(self, ml: Any) -> Any:
        return ml.policy.ctx_llvm_type()

    def di_type(self, ml: Any) -> Any:
        return ml.di.basic("unsigned long long", 64, "DW_ATE_unsigned")


class VerdictType(Type):
    name = "Verdict"
    comparable = True
    has_truth = True  # `if verdict:`: did the handler kill?

    def __str__(self) -> str:
        return "Verdict"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, VerdictType)

    def __hash__(self) -> int:
        return hash("VerdictType")

    def llvm_type(self, ml: Any) -> Any:
        import llvmlite.ir as ir  # noqa: PLC0415 - only reached from lowering

        return ir.IntType(32)

    def di_type(self, ml: Any) -> Any:
        return ml.di.basic("int", 32, "DW_ATE_signed")


@dataclass(frozen=True, eq=False)
class MemcgType(KPtr):
    """An owned reference to a memory cgroup (``MemCgroup`` in policies)."""

    owned: bool = field(default=True)
    #: a function's MemCgroup locals are released when it returns, so one cannot be handed out (yet)
    returnable = False

    def __str__(self) -> str:
        return "MemCgroup"


@dataclass(frozen=True, eq=False)
class TaskRefType(KPtr):
    """A task from ``memcg.tasks()``: valid inside that loop only."""

    def __str__(self) -> str:
        return "Task"


#: the longest text ``memcg.name_is()``/``name_startswith()`` compare with (the name is copied to the BPF stack)
NAME_MAX_COMPARE = 63

OOM_CTX = OomCtxType()
VERDICT = VerdictType()
