"""What the pieces of ``lowering/`` see of each other: interfaces, so no piece imports another to type it.

``module.py`` builds a module from concrete pieces (debug info, kernel types, maps, externs, loops …) and
``function.py`` lowers one function; every other piece — the rules of each target's table, the services —
types its arguments with the Protocols here: :class:`Lowering` for the function being lowered,
:class:`Module` for the module, :class:`Target` for the mode's representation of policy values.  The import
graph of ``lowering/`` is therefore acyclic, type-checking imports included (``tests/test_structure.py``).

This module is a leaf: it imports llvmlite, the HIR and semantic types only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

import llvmlite.ir as ir

from pyoombpf.errors import Loc
from pyoombpf.hir import nodes as H
from pyoombpf.types.core import Type

# --------------------------------------------------------------------------------------------- a function


class Lowering(Protocol):
    """A function being lowered (``function.FunctionLowering``): the builder, source positions, blocks, slots."""

    @property
    def ml(self) -> Module: ...

    @property
    def func(self) -> H.Function: ...

    @property
    def fn(self) -> ir.Function: ...

    @property
    def b(self) -> ir.IRBuilder: ...

    #: values bound to placeholder expressions while lowering (a map entry's current value)
    @property
    def bound(self) -> dict[H.Expr, Any]: ...

    #: the Python position being lowered (the last one given to at())
    @property
    def loc(self) -> Loc | None: ...

    def at(self, loc: Loc | None) -> None: ...

    def expr(self, e: H.Expr) -> Any: ...

    def alloca(
        self, ty: ir.Type, name: str, what: str | None = None, loc: Loc | None = None, var: str = ""
    ) -> ir.AllocaInstr: ...

    def scratch(self, key: str, ty: ir.Type) -> ir.Value: ...

    def var_slot(self, var: H.Var) -> ir.AllocaInstr: ...

    def new_block(self, name: str) -> ir.Block: ...

    def continue_in(self, block: ir.Block) -> None: ...

    def terminated(self) -> bool: ...

    def value_if(self, cond: ir.Value, then: Callable[[], ir.Value], otherwise: ir.Value) -> ir.Value: ...

    def loop_body(
        self,
        body: list[H.Stmt],
        break_bb: ir.Block,
        continue_bb: ir.Block,
        cleanups: list[Callable[[], None]] | None = None,
    ) -> None: ...

    def add_cleanup(self, cleanup: Callable[[], None]) -> None: ...


# --------------------------------------------------------------------------------------------- the mode


class Target(Protocol):
    """The mode's representation of policy values (``policy.PolicyLowering`` and its bridge subclass): what
    ``FunctionLowering`` asks of it."""

    def ctx_llvm_type(self) -> ir.Type:
        """The LLVM type of the ``oc: OomControl`` value."""
        ...

    def prologue(self, fl: Lowering) -> None:
        """Run at a function's entry (owning locals start empty and are released on every exit)."""
        ...

    def store(self, fl: Lowering, var: H.Var, value: ir.Value) -> None:
        """Store ``value`` in local ``var`` (an owning variable releases what it held)."""
        ...

    def field_base(self, fl: Lowering, memcg: ir.Value) -> ir.Value:
        """The ``struct mem_cgroup *`` to read a BTF member of a ``MemCgroup`` value from."""
        ...


# --------------------------------------------------------------------------------------------- module services


class DebugInfo(Protocol):
    @property
    def file(self) -> Any: ...

    @property
    def cu(self) -> Any: ...

    def basic(self, name: str, bits: int, encoding: str) -> Any: ...

    def int_type(self, t: Type) -> Any: ...

    def pointer(self, target: Any) -> Any: ...

    def subprogram(
        self,
        name: str,
        line: int,
        ret: Any,
        params: list[Any],
        local: bool,
        definition: bool = True,
        param_names: list[str] | None = None,
    ) -> Any: ...

    def location(self, line: int, col: int, scope: Any) -> Any: ...


class KernelTypes(Protocol):
    """CO-RE access to kernel structs (``kernel.KernelTypes``)."""

    def llvm_pointer(self) -> ir.Type: ...

    def info(self, s: Any) -> Any: ...

    def di_pointer(self, s: Any) -> Any: ...

    def di_struct_named(self, name: str, size: int, union: bool) -> Any: ...

    def member_di(self, t: Any) -> Any: ...

    def member_address(self, fl: Lowering, base: ir.Value, s: Any, index: int) -> ir.Value: ...

    def array_element_address(self, fl: Lowering, base: ir.Value, arr: Any, index: ir.Value) -> ir.Value: ...


class Maps(Protocol):
    """Maps, config values and BPF helper calls (``maps.Maps``)."""

    def global_for(self, ref: Any) -> ir.GlobalVariable: ...

    def config_global(self, ref: Any) -> ir.GlobalVariable: ...

    def attach_global_di(self, g: ir.GlobalVariable, name: str, di_type: Any) -> None: ...

    def helper(self, fl: Lowering, helper_id: int, ret: ir.Type, args: list[ir.Value]) -> ir.Value: ...

    def spill(self, fl: Lowering, value: ir.Value, name: str) -> ir.AllocaInstr: ...


class Records(Protocol):
    def llvm_type(self, rt: Any) -> ir.Type: ...

    def di_type(self, rt: Any) -> Any: ...


class Externs(Protocol):
    """kfunc declarations (``externs.Externs``)."""

    def kfunc(self, sig: Any) -> ir.Function: ...

    def exists(self, fl: Lowering, sig: Any) -> ir.Value: ...


class Fuel(Protocol):
    def next(self, fl: Lowering) -> ir.Value: ...

    def close(self, fl: Lowering) -> None: ...


class IterFuel(Protocol):
    def open(self, fl: Lowering, loc: Loc | None) -> Fuel: ...


class Arith(Protocol):
    def binop(self, b: ir.IRBuilder, op: str, t: Type, x: ir.Value, y: ir.Value, count_type: Type) -> ir.Value: ...

    def compare(
        self, b: ir.IRBuilder, op: str, x: Any, xt: Type, y: Any, yt: Type, exprs: list[H.Expr]
    ) -> ir.Value: ...


class Loops(Protocol):
    def lower_while(self, fl: Lowering, s: H.While) -> None: ...

    def lower_for_range(self, fl: Lowering, s: H.ForRange) -> None: ...


class Carried(Protocol):
    """Loop-carried locals made verifier-friendly (``carried.CarriedLocals``)."""

    def entering(self, fl: Lowering, s: H.Stmt, internal: Sequence[ir.Value] = ()) -> None: ...

    def iterating(self, fl: Lowering, s: H.Stmt, internal: Sequence[ir.Value] = ()) -> None: ...

    def joined(self, fl: Lowering, s: H.Stmt) -> None: ...

    def walks(self, fl: Lowering, s: H.ForRange | H.While) -> bool: ...


class StackSlots(Protocol):
    @property
    def by_function(self) -> dict[str, list[Any]]: ...

    def add(self, function: str, what: str, ty: ir.Type, loc: Loc | None, var: str = "") -> None: ...


# --------------------------------------------------------------------------------------------- the module


class Module(Protocol):
    """The module being built (``module.ModuleLowering``)."""

    @property
    def module(self) -> ir.Module: ...

    #: distinct per module (the CO-RE struct names' suffix)
    @property
    def serial(self) -> int: ...

    #: the kernel type source the program was typed against (None: no kernel types were needed)
    @property
    def types(self) -> Any: ...

    @property
    def di(self) -> DebugInfo: ...

    @property
    def arith(self) -> Arith: ...

    @property
    def loops(self) -> Loops: ...

    @property
    def carried(self) -> Carried: ...

    @property
    def externs(self) -> Externs: ...

    @property
    def fuel(self) -> IterFuel: ...

    @property
    def kernel_types(self) -> KernelTypes: ...

    @property
    def maps(self) -> Maps: ...

    @property
    def records(self) -> Records: ...

    @property
    def stack_slots(self) -> StackSlots: ...

    #: the mode's representation of policy values
    @property
    def target(self) -> Target: ...

    #: the mode's table of built-ins (pyoombpf.hir.intrinsics.Table)
    @property
    def table(self) -> Any: ...

    #: the Python function each LLVM function (by symbol) was lowered from
    @property
    def owners(self) -> dict[str, H.Function]: ...

    def function_for(self, func: H.Function) -> ir.Function: ...

    def llvm_type(self, t: Type) -> ir.Type: ...

    def di_type(self, t: Type) -> Any: ...

    def reserve_name(self, name: str, loc: Loc | None = None) -> None: ...

    def claim_extern(self, name: str) -> None: ...

    def unique_name(self, stem: str, avoid: Callable[[str], bool] | None = None) -> str: ...

    def add_used(self, g: ir.GlobalValue) -> None: ...
