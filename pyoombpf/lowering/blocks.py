"""Control-flow shapes shared by every lowering that implements the block part of ``context.Lowering``
(a policy's functions, ``function.FunctionLowering``, and the code around them, ``struct_ops.EntryProgram``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import llvmlite.ir as ir


class Blocks(Protocol):
    """What the shapes here need of a lowering: its builder and how it adds and enters blocks."""

    @property
    def b(self) -> ir.IRBuilder: ...

    def new_block(self, name: str) -> ir.Block: ...

    def continue_in(self, block: ir.Block) -> None: ...


def value_if(lw: Blocks, cond: ir.Value, then: Callable[[], ir.Value], otherwise: ir.Value) -> ir.Value:
    """``then()`` emitted in a block entered only when ``cond`` holds; the result is its value there, else
    ``otherwise`` (a value already computed before the branch)."""
    b = lw.b
    yes, join = lw.new_block("if.then"), lw.new_block("if.join")
    before = b.block
    b.cbranch(cond, yes, join)
    lw.continue_in(yes)
    r = then()
    yes_end = b.block
    b.branch(join)
    lw.continue_in(join)
    phi = b.phi(otherwise.type)
    phi.add_incoming(r, yes_end)
    phi.add_incoming(otherwise, before)
    return phi
