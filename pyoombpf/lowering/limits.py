"""The BPF limits a lowered program must respect, checked where the compiler still knows the Python behind it.

* **Registers**: a BPF function takes at most five arguments and returns one register.  A function whose
  parameters (records and the policy context are split into one register per field) or result do not fit is
  always inlined (:func:`must_inline`); ``codegen/checks.py`` refuses a module where one stayed out of line.
* **Stack**: a BPF function has 512 bytes of stack.  Every stack slot the lowering creates is recorded
  (:class:`StackSlots`); a single slot larger than the whole stack is refused where it is created, and after
  emission the stack each function really uses (``codegen/stack.py``) is checked by :func:`check_stack`, whose
  error names the function and its largest values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import llvmlite.ir as ir

from pyoombpf.codegen.checks import MAX_REGISTER_ARGS, Refusal
from pyoombpf.codegen.stack import BPF_STACK_LIMIT
from pyoombpf.errors import Loc, LoweringError

if TYPE_CHECKING:
    from pyoombpf.hir import nodes as H
    from pyoombpf.lowering.context import Module


def registers(t: ir.Type) -> int:
    """Argument registers a value of ``t`` takes (LLVM splits aggregates into one register per element)."""
    if isinstance(t, ir.BaseStructType):
        return sum(registers(e) for e in t.elements)
    if isinstance(t, ir.ArrayType):
        return t.count * registers(t.element)
    if isinstance(t, ir.VoidType):
        return 0
    return 1


def must_inline(ret: ir.Type, params: list[ir.Type]) -> bool:
    """A function BPF cannot call: more than five argument registers, or a result in more than one."""
    return sum(registers(p) for p in params) > MAX_REGISTER_ARGS or registers(ret) > 1


def type_size(t: ir.Type) -> int:
    """Bytes a value of ``t`` occupies in memory (C layout, as the BPF data layout gives it)."""
    return _size_align(t)[0]


def _size_align(t: ir.Type) -> tuple[int, int]:
    if isinstance(t, ir.IntType):
        n = max(1, (t.width + 7) // 8)
        n = 1 << (n - 1).bit_length()
        return n, n
    if isinstance(t, ir.ArrayType):
        size, align = _size_align(t.element)
        return size * t.count, align
    if isinstance(t, ir.BaseStructType):
        offset, align = 0, 1
        for e in t.elements:
            s, a = _size_align(e)
            offset = (offset + a - 1) // a * a + s
            align = max(align, a)
        return (offset + align - 1) // align * align, align
    return 8, 8  # pointers


@dataclass(frozen=True)
class Slot:
    """A stack slot of a function: what it holds (for the user), its size, and where it is made."""

    what: str
    size: int
    loc: Loc | None
    scalar: bool
    #: the Python variable it holds ("" for the compiler's own slots)
    name: str = ""


@dataclass
class StackSlots:
    by_function: dict[str, list[Slot]] = field(default_factory=dict)

    def add(self, function: str, what: str, ty: ir.Type, loc: Loc | None, name: str = "") -> None:
        size = type_size(ty)
        if size > BPF_STACK_LIMIT:
            raise LoweringError(
                f"{what} takes {size} bytes, more than the {BPF_STACK_LIMIT} bytes of stack a BPF program has",
                loc,
                ("keep large records in a map (an ArrayMap entry) rather than in a local value",),
            )
        scalar = isinstance(ty, ir.IntType | ir.PointerType)
        self.by_function.setdefault(function, []).append(Slot(what, size, loc, scalar, name))


#: what the lowering's internal slots (by alloca name) hold, for the stack error's notes
SLOT_NAMES = {
    "map.key": "a map key",
    "map.value": "a map value",
    "rb.record": "a ring buffer record",
    "elem": "a kernel array element",
    "iter": "a kernel iterator",
    "loop.iter": "a loop iterator",
    "range.k": "a loop counter",
    "killed": "a kill flag",
}


def slot_description(name: str) -> str:
    return SLOT_NAMES.get(name, name)


def check_stack(ml: Module, depths: dict[str, int]) -> None:
    """Refuse the object if a function uses more than 512 bytes of stack, naming it and its largest values."""
    for symbol, depth in sorted(depths.items(), key=lambda kv: -kv[1]):
        if depth <= BPF_STACK_LIMIT:
            continue
        func = ml.owners.get(symbol)
        where = f"{func.name}()" if func is not None else symbol
        shown = "more than 32 KiB" if depth >= 1 << 16 else f"{depth} bytes"
        raise LoweringError(
            f"{where} needs {shown} of BPF stack; the kernel gives a BPF program {BPF_STACK_LIMIT} bytes",
            func.loc if func is not None else None,
            _stack_notes(ml, symbol, depths, depth),
        )


def _stack_notes(ml: Module, symbol: str, depths: dict[str, int], depth: int) -> tuple[str, ...]:
    """The largest slots of ``symbol`` and of the functions inlined into it (those absent from the object)."""
    emitted = set(depths)
    owner = ml.owners.get(symbol)
    # the symbol's own slots, and those of the functions inlined into it: the Python function's body itself when
    # the symbol is an entry wrapper, and its callees
    inlined = [s for s, f in ml.owners.items() if f is owner and s != symbol and s not in emitted]
    slots = list(ml.stack_slots.by_function.get(symbol, []))
    for callee in [*inlined, *_inlined_callees(ml, symbol, emitted)]:
        slots += ml.stack_slots.by_function.get(callee, [])
    memory = sorted((s for s in slots if not s.scalar), key=lambda s: -s.size)
    notes = []
    if memory:
        shown = ", ".join(f"{s.what} ({s.size} bytes{_at(s.loc)})" for s in memory[:4])
        notes.append(f"its largest values in memory: {shown}")
    in_memory = sum(s.size for s in memory)
    if in_memory < depth:
        notes.append(
            f"about {depth - in_memory} bytes hold values that do not fit in BPF's registers at once"
            f"{_scalars(slots)}: keep fewer values alive at the same time, or split the work over several functions"
        )
    notes.append("large values can live in a map instead (an ArrayMap entry used as scratch space)")
    return tuple(notes)


def _scalars(slots: list[Slot]) -> str:
    """The scalar locals among ``slots``, named (a few) and counted."""
    names = list(dict.fromkeys(s.name for s in slots if s.scalar and s.name))
    if not names:
        return ""
    shown = ", ".join(names[:6]) + (", …" if len(names) > 6 else "")
    return f" ({len(names)} local{'s' if len(names) > 1 else ''}: {shown})"


def _at(loc: Loc | None) -> str:
    return f", line {loc.lineno}" if loc is not None else ""


def _inlined_callees(ml: Module, symbol: str, emitted: set[str]) -> list[str]:
    """Symbols of the functions ``symbol`` calls, directly or through inlined callees, that were inlined."""
    by_func = {f: s for s, f in ml.owners.items()}
    start = ml.owners.get(symbol)
    out: list[str] = []
    seen: set[Any] = set()
    stack = [start] if start is not None else []
    while stack:
        func = stack.pop()
        for callee in _calls(func):
            if callee in seen:
                continue
            seen.add(callee)
            callee_symbol = by_func.get(callee)
            if callee_symbol is not None and callee_symbol not in emitted:
                out.append(callee_symbol)
                stack.append(callee)
    return out


def _calls(func: H.Function) -> list[H.Function]:
    """The functions ``func``'s body calls."""
    from pyoombpf.hir import nodes as H

    out: list[H.Function] = []
    todo: list[Any] = list(func.body)
    while todo:
        node = todo.pop()
        if isinstance(node, list | tuple):
            todo.extend(node)
        elif isinstance(node, H.Stmt | H.Expr):
            if isinstance(node, H.Call):
                out.append(node.func)
            todo.extend(getattr(node, name) for name in node._fields if name not in ("type", "loc"))
    return out


def explain_refusal(ml: Module, refusal: Refusal) -> LoweringError:
    """The located error for a construct LLVM's BPF backend would have refused (codegen/checks.py)."""
    func = ml.owners.get(refusal.function)
    where = f"{func.name}()" if func is not None else refusal.function
    loc = func.loc if func is not None else None
    if refusal.kind == "kfunc-arguments":
        return LoweringError(
            f"kfunc {refusal.function} takes {refusal.detail}; a BPF call passes at most {MAX_REGISTER_ARGS}",
            loc,
        )
    messages = {
        "arguments": f"internal: {where} takes {refusal.detail} and was not inlined",
        "return": f"internal: {where} returns {refusal.detail} and was not inlined",
        "dynamic-stack": f"internal: {where} allocates stack outside its entry block ({refusal.detail})",
    }
    return LoweringError(
        messages.get(refusal.kind, f"internal: {where}: {refusal.kind} ({refusal.detail})"),
        loc,
        ("this is a pyoombpf bug; please report it with this function's source",),
    )
