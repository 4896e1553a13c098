"""What the optimised module must satisfy before LLVM's BPF backend sees it.

LLVM reports the BPF backend's refusals (too many arguments, an aggregate return, a dynamic stack allocation, a
call to a library function) as fatal diagnostics, and with llvmlite the default diagnostic handler ends the whole
process with exit status 1 (an assertion or a "Cannot select" aborts it).  So before emitting, the optimised
module is checked here:

* **known refusals** are :class:`Refusal`\\ s — the compiler turns each into a located error instead;
* everything else must lie inside the **envelope** of IR the BPF backend is known to compile: the instructions,
  types and intrinsics pyoombpf's lowering and LLVM's optimiser produce for the language, exercised by the test
  suite and the fuzz test (``tests/compiler/test_fuzz.py``).  A module outside it is emitted in a child process
  (:mod:`pyoombpf.codegen.isolated`), where a fatal error costs the child, not the caller.
"""

from __future__ import annotations

from typing import Any

from pyoombpf.errors import CodegenError
from pyoombpf.plain import Frozen, LazyPattern

#: BPF passes at most five arguments in registers (r1-r5) and returns one value in r0
MAX_REGISTER_ARGS = 5
#: LLVM's BPF backend expands a memcpy/memset of up to this many stores inline; a longer one becomes a library
#: call it cannot make (getCommonMaxStoresPerMemFunc)
MAX_INLINE_MEM_STORES = 128

#: intrinsics the BPF backend selects (or the optimiser and the BPF IR passes remove) — the envelope.  Anything
#: else is emitted in a child process.  (``llvm.fake.use`` is codegen/shape.py's: a pseudo that emits nothing.)
_SAFE_INTRINSICS = LazyPattern(
    r"llvm\.(?:"
    r"lifetime\.(?:start|end)|dbg\.\w+|assume|experimental\.noalias\.scope\.decl|fake\.use|"
    r"bpf\.\w+|preserve\.\w+\.access\.index|"
    r"[su](?:min|max)|abs|[su](?:add|sub)\.sat|ctpop|ctlz|cttz|bswap|fsh[lr]|"
    r"mem(?:set|cpy|move)(?:\.inline)?"
    r")(?:\.[\w.]+)?"
)
_WIDE_INT = LazyPattern(r"i(?:6[5-9]|[7-9][0-9]|[1-9][0-9]{2,})\b")  # i65 and wider (names are filtered out)
_NAME_CHARS = frozenset('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_%@."$-')
_SMALL_ATOMIC = LazyPattern(r"\batomicrmw\b(?: volatile)? \w+ ptr [^,]+, i(?:1|8|16) ")
_MEM_CALL = LazyPattern(r"@llvm\.mem(?:set|cpy|move)[\w.]*\(ptr (?:\w+ )*align (\d+)[^,]*,[^,]*, i64 ([^,)]+)")
_DYNAMIC_COUNT = LazyPattern(r"alloca [^,]+, i\d+ %")
_LABEL = LazyPattern(r"^[\w.$\"-]+:")
_DEFINE = LazyPattern(r'^define [^@]*@("(?:[^"\\]|\\.)*"|[\w.$-]+)\(')


class Refusal(Frozen):
    """A construct the BPF backend refuses fatally, in the optimised function ``function`` (its symbol)."""

    __slots__ = _fields = ("function", "kind", "detail")
    function: str
    kind: str  # "arguments", "return", "dynamic-stack", "kfunc-arguments"
    detail: str

    def __init__(self, function: str, kind: str, detail: str) -> None:
        self._set(function=function, kind=kind, detail=detail)


class BackendRefusal(CodegenError):
    """The optimised module holds constructs LLVM's BPF backend refuses fatally (it was not emitted).  The
    compiler turns each refusal into an error at the Python function concerned; this message is the fallback."""

    def __init__(self, refusals: list[Refusal]) -> None:
        what = "; ".join(f"{r.function}: {r.kind} ({r.detail})" for r in refusals)
        super().__init__(f"LLVM's BPF backend would refuse this module: {what}")
        self.refusals = list(refusals)


class ModuleCheck:
    def __init__(self) -> None:
        self.refusals: list[Refusal] = []
        #: why the module is outside the envelope (empty: inside)
        self.outside: list[str] = []


def check_module(module: Any, ir_text: str) -> ModuleCheck:
    """Check the optimised llvmlite ``module`` whose printed form is ``ir_text``."""
    out = ModuleCheck()
    for fn in module.functions:
        _check_function(fn, out)
    _check_text(ir_text, out)
    return out


def _check_function(fn: Any, out: ModuleCheck) -> None:
    name = fn.name
    if name.startswith("llvm."):
        if not _SAFE_INTRINSICS.fullmatch(name):
            out.outside.append(f"intrinsic {name}")
        return
    fty = fn.global_value_type
    nregs = sum(register_count(t) for t in fty.get_function_parameters())
    if fn.is_declaration:  # a kfunc (helpers are called through a constant address, not declared)
        if nregs > MAX_REGISTER_ARGS:
            out.refusals.append(Refusal(name, "kfunc-arguments", f"{nregs} argument registers"))
        return
    if nregs > MAX_REGISTER_ARGS:
        out.refusals.append(Refusal(name, "arguments", f"{nregs} argument registers"))
    ret = fty.get_function_return()
    if ret.is_struct or ret.is_array or register_count(ret) > 1:
        out.refusals.append(Refusal(name, "return", str(ret)))


def register_count(t: Any) -> int:
    """Registers a value of the (binding) type ``t`` occupies when passed: aggregates are split per element."""
    if t.is_struct:
        return sum(register_count(e) for e in t.elements)
    if t.is_array:
        elems = list(t.elements)
        return t.element_count * (register_count(elems[0]) if elems else 1)
    if t.type_kind == 0:  # void
        return 0
    return 1


def _check_text(ir_text: str, out: ModuleCheck) -> None:
    """The line-level checks, in one pass over the printed module.  LLVM indents instructions and starts labels,
    ``define`` lines and a body's closing ``}`` in the first column; only lines that mention what is checked get
    looked at closely (the pass runs on every compile: it must stay cheap)."""
    current: str | None = None
    in_entry = body_started = False
    for line in ir_text.splitlines():
        if not line:
            continue
        if line[0] == " ":
            if current is not None:
                body_started = True
                if "alloca " in line or "atomicrmw" in line or "@llvm.mem" in line:
                    _check_instruction(line, current, in_entry, out)
        elif line.startswith("define "):
            m = _DEFINE.match(line)
            current, in_entry, body_started = (m.group(1).strip('"') if m else "?"), True, False
        elif line[0] == "}":
            current = None
        elif current is not None and _LABEL.match(line):
            in_entry = not body_started  # the entry block's own label (`entry:`) comes first
            body_started = True
    if any(_wide(ir_text, m.start()) for m in _WIDE_INT.finditer(ir_text)):
        out.outside.append("integers wider than 64 bits")


def _wide(ir_text: str, start: int) -> bool:
    """Whether the ``iN`` found at ``start`` is a type, not part of a name (``%i128``, ``@x.i100``)."""
    return start == 0 or ir_text[start - 1] not in _NAME_CHARS


def _check_instruction(line: str, function: str, in_entry: bool, out: ModuleCheck) -> None:
    if " alloca " in line:
        if not in_entry or _DYNAMIC_COUNT.search(line):
            out.refusals.append(Refusal(function, "dynamic-stack", line.strip()))
    elif "atomicrmw" in line:
        if _SMALL_ATOMIC.search(line):
            out.outside.append(f"sub-word atomic operation in {function}")
    elif "@llvm.mem" in line:
        _check_mem_call(line, function, out)


def _check_mem_call(line: str, function: str, out: ModuleCheck) -> None:
    m = _MEM_CALL.search(line)
    if m is None:
        return
    align, length = int(m.group(1)), m.group(2)
    if not length.isdigit():
        out.outside.append(f"memory copy of a run-time length in {function}")
    elif -(-int(length) // align) > MAX_INLINE_MEM_STORES:
        out.outside.append(f"memory copy of {length} bytes at alignment {align} in {function}")


__all__ = ["MAX_REGISTER_ARGS", "BackendRefusal", "ModuleCheck", "Refusal", "check_module", "register_count"]
