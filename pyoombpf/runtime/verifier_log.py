"""Reading a BPF verifier log: the one-line reason and the source line of the failing instruction.

When the object carries ``.BTF.ext`` line info, the verifier quotes the source before the instructions that
came from it, as ``; <source text> @ <file>:<line>``.  The failing instruction's line is the last such
annotation before the error message.

When the verifier gave up for complexity ("too large", "too complex"), the line where it stopped says little:
:func:`stuck_loop` finds the loop it kept going round instead (the iterator ``next`` call it visited most at the
end of the log), what changed there between its last two visits, and — from the compiler's description of the
program's loops — which locals that loop carries and what to change.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pyoombpf import sourcetext

_ANNOTATION = re.compile(r"^; (?P<text>.*) @ (?P<file>\S+):(?P<line>\d+)$")
_TRAILERS = re.compile(
    r"^(processed \d+ insns|verification time|stack depth|max_states_per_insn|peak_states|mark_precise|"
    r"-- (BEGIN|END)|Func#|insn \d+ is a jump|Verifier log truncated|cur state:|old state:|"
    # a call's return: what the verifier walks next, not a message (the state dumps under it are no message either)
    r"returning from callee:|to caller at \d+:|frame\d+: R\d|R\d+(_w)?=)"
)
_ALLOC_INSN = re.compile(r"Unreleased reference id=\d+ alloc_insn=(\d+)")
_INSN = re.compile(r"^\d+: \(|^\d+: R\d|^from \d+ to \d+:|^\d+: frame\d")


@dataclass(frozen=True, slots=True)
class VerifierReport:
    summary: str
    filename: str | None
    lineno: int | None
    source_line: str | None


def _is_code(text: str) -> bool:
    return bool(_INSN.match(text) or _ANNOTATION.match(text))


def _error_index(lines: list[str]) -> int | None:
    """Index of the error: the first message after the last instruction the verifier walked.

    Newer verifiers follow the error with an explanation block (``Verification failed: ...``, ``Reason:``, source
    and instruction context); older ones with statistics and state dumps.  Without any instruction lines (a
    program refused up front), the last line that is not statistics is the error.
    """
    last_code = max((i for i, line in enumerate(lines) if _is_code(line.strip())), default=None)
    if last_code is not None:
        for i in range(last_code + 1, len(lines)):
            text = lines[i].strip()
            if text and not _TRAILERS.match(text):
                return i
    for i in range(len(lines) - 1, -1, -1):
        text = lines[i].strip()
        if text and not _TRAILERS.match(text) and not _is_code(text):
            return i
    return None


def _summary(lines: list[str], idx: int) -> str:
    """The error line, joined with the error lines directly under it (``Unreleased reference ...; BPF_EXIT ...``)."""
    parts: list[str] = []
    for line in lines[idx : idx + 3]:
        text = line.strip()
        if not text or _TRAILERS.match(text) or _is_code(text) or (parts and line[:1].isspace()):
            break
        parts.append(text)
    return "; ".join(parts)


def _source(path: str, lineno: int, quoted: str) -> str:
    if os.path.exists(path):
        line = sourcetext.line(path, lineno).rstrip("\n")
        if line:
            return line
    return quoted


def _acquisition(lines: list[str], idx: int, summary: str) -> int:
    """Where to look back from for the source line: the error, or for a leaked reference the instruction that
    acquired it (``alloc_insn=N``).  A leak is detected at the exit, which every return shares, so the exit's
    line (often the function's first line) would not say what leaked; the acquiring call does."""
    m = _ALLOC_INSN.search(summary)
    if m:
        insn = re.compile(rf"^{m[1]}: \(")
        for i, line in enumerate(lines[:idx]):
            if insn.match(line):
                return i
    return idx


def parse(log: str, resolve: Callable[[str], str] | None = None) -> VerifierReport:
    """The summary line and the failing source location of a verifier log (``None`` fields when absent).

    The kernel prints only the base name of the source file; ``resolve`` maps it back to the full path (the
    object's BTF knows it).  For a leaked reference the location is the call that acquired it.
    """
    lines = log.splitlines()
    idx = _error_index(lines)
    if idx is None:
        return VerifierReport("the verifier rejected the program without a message", None, None, None)
    summary = _summary(lines, idx)
    end = _acquisition(lines, idx, summary)
    for text in reversed(lines[:end]):
        m = _ANNOTATION.match(text.strip())
        if m:
            lineno = int(m["line"])
            path = resolve(m["file"]) if resolve else m["file"]
            return VerifierReport(summary, path, lineno, _source(path, lineno, m["text"]))
    return VerifierReport(summary, None, None, None)


def path_resolver(candidates: list[str]) -> Callable[[str], str]:
    """Map a base name to the first candidate path with that base name (preferring files that exist)."""

    def resolve(name: str) -> str:
        matches = [c for c in candidates if c == name or c.endswith("/" + name)]
        existing = [c for c in matches if os.path.exists(c)]
        return (existing or matches or [name])[0]

    return resolve


# --------------------------------------------------------------------------------------------- loops it gave up on

#: the verifier ran out of its budget (instructions, pending branches, states) rather than finding an error
_COMPLEXITY = re.compile(r"BPF program is too large|The sequence of \d+ jumps is too complex|too many states")
_ITER_NEXT = re.compile(r"^(\d+): \(85\) call bpf_iter_\w+_next#\d+")
#: parts of a register's state that change in every state without making it a different one to the verifier
_IDS = re.compile(r"\b(?:id|ref_obj_id|ref_id|depth)=\d+,?")
#: how far back from the end of the log to look for the loop (the tail is where the verifier went round)
_TAIL = 8000
#: iterations the kernel lets one open-coded iterator loop run (BPF_MAX_LOOPS)
_ITERATOR_BUDGET = 8_388_608


@dataclass(frozen=True, slots=True)
class StuckLoop:
    """A loop the verifier gave up on: where it is, what to say, and the notes (what changed, what to do)."""

    filename: str
    lineno: int
    col: int | None
    summary: str
    notes: tuple[str, ...]


def stuck_loop(
    log: str, summary: str, loops: list[dict[str, Any]], resolve: Callable[[str], str] | None = None
) -> StuckLoop | None:
    """When the verifier gave up for complexity, the loop it was going round in: the iterator ``next`` call it
    visited most at the end of the log (or, for loops it walks, the line it visited most), matched with the
    compiler's description of the program's loops (``loops``, from the object: ``pyoombpf.elf.loop_table``).
    ``None`` for other errors or when the log shows no such loop."""
    if not _COMPLEXITY.search(summary):
        return None
    tail = log.splitlines()[-_TAIL:]
    where, changes = _loop_head(tail)
    if loops and (where is None or _innermost(loops, *where) is None) and (visited := _most_visited(tail)):
        # an iterator the program steps outside its loops (bridge mode finds a memcg with a css walk of its
        # own): the loop the verifier was going round is the one of the line it visited most
        where, changes = visited, []
    if where is None:
        return None
    base, lineno = where
    path = resolve(base) if resolve else base
    loop = _innermost(loops, base, lineno)
    if loop is None:
        return StuckLoop(path, lineno, None, f"the verifier gave up going round this loop ({summary})", _ADVICE)
    lineno, col = int(loop.get("line") or lineno), int(loop.get("col") or 0) or None
    if not loop.get("iterator"):
        trips = loop.get("trips")
        text = f"the verifier walks {f'all {trips:,}' if isinstance(trips, int) else 'every one of the'} "
        text += f"iterations of this loop one by one and gave up ({summary})"
        walked = [
            "a constant bound makes the verifier check each iteration separately; a loop of more than 8,388,608 "
            "iterations (the kernel's iterator budget) cannot be checked any other way: make it shorter or split "
            "the work",
        ]
        numbers, _pointers = _kept(loop)
        if numbers and isinstance(trips, int) and trips <= _ITERATOR_BUDGET:
            walked.append(
                f"this loop carries {', '.join(numbers)} from one iteration to the next with a value the verifier "
                "tracks exactly, so every way through one iteration is checked again in each later one: combine "
                "the conditions into one number, or unset PYOOMBPF_KEEP_CARRIED if it is set (the compiler then "
                "hides such a value where a condition reads it)"
            )
        return StuckLoop(path, lineno, col, text, tuple(walked))
    text = f"the verifier could not prove that this loop ends: its state at the loop's head kept changing ({summary})"
    notes: list[str] = []
    if changes:
        shown = ", ".join(f"{k} went from {a} to {b}" for k, a, b in changes[:4])
        notes.append(f"between the last two iterations it checked, {shown}")
    numbers, pointers = _kept(loop)
    if numbers:
        notes.append(
            f"this loop carries {', '.join(numbers)} from one iteration to the next with a value the verifier "
            "tracks exactly, so no iteration looks like an earlier one (the compiler hides such values from the "
            "verifier unless PYOOMBPF_KEEP_CARRIED is set)"
        )
    if pointers:
        notes.append(
            f"this loop carries {', '.join(pointers)} from one iteration to the next as it is (the verifier "
            "compares kernel pointers and references as they are): keeping a number instead (memcg.id, task.pid) "
            "and looking the object up after the loop avoids that"
        )
    widened = list(loop.get("widened") or [])
    if widened:
        notes.append(
            f"the numbers this loop carries ({', '.join(widened)}) are already hidden from the verifier by the "
            "compiler, so they are not what changes"
        )
    return StuckLoop(path, lineno, col, text, tuple(notes) + (() if numbers or pointers else _ADVICE))


def _kept(loop: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The numbers and the kernel pointers a loop of the loop table carries as they are, as ``name (type)``."""
    kept = [entry for entry in loop.get("kept") or [] if isinstance(entry, list) and len(entry) >= 2]
    numbers = [f"{e[0]} ({e[1]})" for e in kept if len(e) > 2 and e[2]]
    pointers = [f"{e[0]} ({e[1]})" for e in kept if not (len(e) > 2 and e[2])]
    return numbers, pointers


_ADVICE = (
    "what to change: fewer conditions in one iteration whose outcomes stay live until its end (combine them into "
    "one number), or a part of the work moved into a loop of its own",
)


def _loop_head(tail: list[str]) -> tuple[tuple[str, int] | None, list[tuple[str, str, str]]]:
    """(base name, line) of the loop head the verifier kept returning to, and what changed there between its
    last two visits (register or stack slot, before, after)."""
    calls = [(i, m[1]) for i, line in enumerate(tail) if (m := _ITER_NEXT.match(line))]
    if calls:
        insn = Counter(n for _i, n in calls).most_common(1)[0][0]
        visits = [i for i, n in calls if n == insn]
        return _annotation_before(tail, visits[-1]), _state_changes([tail[i] for i in visits])
    return _most_visited(tail), []


def _most_visited(tail: list[str]) -> tuple[str, int] | None:
    """(base name, line) of the source line the log's tail annotates most often."""
    lines = Counter((m["file"], int(m["line"])) for text in tail if (m := _ANNOTATION.match(text.strip())) is not None)
    return lines.most_common(1)[0][0] if lines else None


def _annotation_before(lines: list[str], index: int) -> tuple[str, int] | None:
    for text in reversed(lines[:index]):
        m = _ANNOTATION.match(text.strip())
        if m:
            return m["file"], int(m["line"])
    return None


def _state_changes(visits: list[str]) -> list[tuple[str, str, str]]:
    """Registers and stack slots whose value differs between the last two full states printed at the loop
    head (ids and iterator depths, which the verifier does not compare, ignored; R0 is the call's result)."""
    states = [_state(v) for v in visits]
    states = [s for s in states if s]
    if len(states) < 2:
        return []
    before, after = states[-2], states[-1]
    return [
        (k, before[k], after[k])
        for k in after
        if k in before and k not in ("R0", "refs") and _IDS.sub("", before[k]) != _IDS.sub("", after[k])
    ]


def _state(line: str) -> dict[str, str]:
    """``key=value`` pairs of the state printed after a call (``N: (85) call f#id M: R1=… fp-8=…``)."""
    _insn, _sep, rest = line.partition(" call ")
    m = re.search(r" \d+: (R\d|fp-)", rest)
    if m is None:
        return {}
    out: dict[str, str] = {}
    for token in _tokens(rest[m.start(1) :]):
        key, eq, value = token.partition("=")
        if eq:
            out[key] = value
    return out


def _tokens(text: str) -> list[str]:
    """Split at spaces outside parentheses (``var_off=(0x0; 0xff)`` is one value)."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text + " "):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif ch == " " and depth == 0:
            if i > start:
                out.append(text[start:i])
            start = i + 1
    return out


def _innermost(loops: list[dict[str, Any]], base: str, lineno: int) -> dict[str, Any] | None:
    """The loop whose header is at ``lineno`` of the file ``base`` (the verifier prints base names), or else
    the innermost one whose lines hold it."""
    mine = [lp for lp in loops if os.path.basename(str(lp.get("file", ""))) == base]
    exact = [lp for lp in mine if lp.get("line") == lineno]
    if exact:
        return exact[-1]
    inside = [lp for lp in mine if int(lp.get("line") or 0) <= lineno <= int(lp.get("end") or 0)]
    return max(inside, key=lambda lp: int(lp.get("line") or 0), default=None)
