"""Two rewrites of the optimised IR that the BPF backend cannot make itself, both about instruction selection.

Both are found in the printed optimised module and applied to its text, which is parsed again (llvmlite's
binding cannot change an instruction's operands or insert one, and no LLVM pass makes either change); a module
that needs neither is left as it is.  Measured on the peer program (benchmarks/peers/counter_pyoombpf.py): 44 -> 39
instruction slots and 1,051 -> 955 verifier-processed instructions, clang-19's 39 and 955.

* **Accumulators first.**  ``Reassociate`` sorts a commutative operation's operands by rank, and a loop-header
  phi ranks below anything computed in the body, so ``total = total + x`` leaves the pipeline as
  ``add %x, %total``.  BPF's ALU instructions are two-address (``dst += src``): the backend ties the result to
  the first operand, so the sum lands in ``x``'s register and a copy moves it back to ``total``'s at the end of
  every iteration — one instruction per path per iteration for the verifier to walk; LLVM's two-address pass
  does not commute it back (measured on LLVM 22).  Here
  an operation whose second operand is a phi its result flows back into (directly, or through the phi joining
  an ``if``) and that nothing else but phis uses is commuted.  (A phi still live after the operation would
  have to be copied before it instead: measured one slot worse, and the two-address pass does not undo it.)
* **A 64-bit remainder compared with a constant stays a remainder.**  SelectionDAG's ``SimplifySetCC`` turns
  ``urem x, C == K`` into a multiply by C's inverse and a compare (two 64-bit constants: four slots, usually
  hoisted before the loop), because it assumes division is slow; BPF has a one-instruction ``%=``.  The fold is
  skipped for a remainder with a second use in its block, so one ``llvm.fake.use`` (a pseudo that emits no
  instruction) is placed right after the compare.  Only for ``i64``: without the fold a 32-bit remainder by a
  constant is expanded into a multiply-high sequence (BPF multiplies 64-bit), longer than the fold's 32-bit
  multiply and compare (measured: a ``u32`` loop went from 28 to 30 slots); a 64-bit one has no multiply-high
  and stays ``%=``.  (Functions marked ``minsize`` skip the fold themselves.)

``codegen/emit.py`` applies them to modules with a loop the verifier walks (``WALKED_LOOPS``), the ones not
selected for size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NAME = r'%(?:[-\w.$]+|"[^"]*")'
_COMMUTATIVE = re.compile(
    rf"^(?P<head>\s+(?P<res>{_NAME}) = (?:add|mul|and|or|xor)(?: nuw)?(?: nsw)?(?: disjoint)? (?P<ty>i\d+) )"
    rf"(?P<a>{_NAME}), (?P<b>{_NAME})(?P<tail>(?:,.*)?)$"
)
_PHI = re.compile(rf"^\s+(?P<res>{_NAME}) = phi (?P<ty>i\d+) (?P<incoming>.*?)(?:, !dbg !\d+)?$")
_REM = re.compile(rf"^\s+(?P<res>{_NAME}) = [us]rem (?P<ty>i\d+) {_NAME}, -?\d+(?:,.*)?$")
_CMP = re.compile(rf"^\s+{_NAME} = icmp (?:eq|ne) (?P<ty>i\d+) (?P<rem>{_NAME}), -?\d+(?:,.*)?$")
_USE = re.compile(_NAME)
_LABEL = re.compile(r'^(?:[-\w.$]+|"[^"]*"):')
FAKE_USE_DECL = "declare void @llvm.fake.use(...)"


@dataclass
class _Function:
    lines: list[str]
    changed: bool = False


def reshape(ir_text: str) -> str | None:
    """The optimised module's text with both rewrites applied, or None when neither applies."""
    lines = ir_text.splitlines()
    changed = False
    start = None
    for i, line in enumerate(lines):
        if line.startswith("define "):
            start = i
        elif line == "}" and start is not None:
            fn = _Function(lines[start : i + 1])
            _keep_remainders(fn)
            _accumulators_first(fn)
            if fn.changed:
                lines[start : i + 1] = fn.lines
                changed = True
            start = None
    if not changed:
        return None
    if FAKE_USE_DECL not in lines and any("@llvm.fake.use(" in line for line in lines):
        lines.append(FAKE_USE_DECL)
    return "\n".join(lines) + "\n"


def _accumulators_first(fn: _Function) -> None:
    """Commute ``%r = add %x, %phi`` to ``add %phi, %x`` when ``%r`` flows back into ``%phi`` (directly or
    through the phis joining an ``if`` in the loop body)."""
    incoming: dict[str, set[str]] = {}
    for line in fn.lines:
        if m := _PHI.match(line):
            incoming[m["res"]] = set(_USE.findall(m["incoming"]))
    feeds = {phi: _through_phis(phi, incoming) for phi in incoming}
    for i, line in enumerate(fn.lines):
        m = _COMMUTATIVE.match(line)
        if m is None:
            continue
        res, a, b = m["res"], m["a"], m["b"]
        if res in feeds.get(b, ()) and res not in feeds.get(a, ()) and _uses(fn.lines, b, phis=False) == 1:
            fn.lines[i] = f"{m['head']}{b}, {a}{m['tail']}"
            fn.changed = True


def _through_phis(phi: str, incoming: dict[str, set[str]]) -> set[str]:
    """The values reaching ``phi``, following incoming phis."""
    seen: set[str] = set()
    todo = [phi]
    while todo:
        for value in incoming.get(todo.pop(), ()):
            if value not in seen:
                seen.add(value)
                todo.append(value)
    return seen


def _keep_remainders(fn: _Function) -> None:
    """After ``icmp eq|ne (urem|srem i64 x, C), K`` in the remainder's block, a fake use of the remainder."""
    rems: set[str] = set()
    out: list[str] = []
    for line in fn.lines:
        out.append(line)
        if _LABEL.match(line):
            rems.clear()  # a new block: a remainder from an earlier block reaches the DAG through a register
        elif (m := _REM.match(line)) and m["ty"] == "i64":
            rems.add(m["res"])
        elif (m := _CMP.match(line)) and m["rem"] in rems and _uses(fn.lines, m["rem"]) == 1:
            out.append(f"  call void (...) @llvm.fake.use({m['ty']} {m['rem']})")
            fn.changed = True
    fn.lines = out


def _uses(lines: list[str], name: str, *, phis: bool = True) -> int:
    """How many times the function's instructions use the value ``name`` (its definition and debug records,
    which are no uses in the DAG, not counted; with ``phis=False`` nor uses by phis)."""
    pattern = re.compile(re.escape(name) + r"(?![-\w.$])")
    count = 0
    for line in lines[1:]:
        body = line.split(" = ", 1)[1] if line.lstrip().startswith(f"{name} = ") else line
        if line.lstrip().startswith("#dbg_") or (not phis and " = phi " in line):
            continue
        count += len(pattern.findall(body))
    return count
