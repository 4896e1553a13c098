"""Reading a BPF verifier log: the one-line reason and the source line of the failing instruction.

When the object carries ``.BTF.ext`` line info, the verifier quotes the source before the instructions that
came from it, as ``; <source text> @ <file>:<line>``.  The failing instruction's line is the last such
annotation before the error message.
"""

from __future__ import annotations

import linecache
import os
import re
from collections.abc import Callable
from dataclasses import dataclass

_ANNOTATION = re.compile(r"^; (?P<text>.*) @ (?P<file>\S+):(?P<line>\d+)$")
_TRAILERS = re.compile(
    r"^(processed \d+ insns|verification time|stack depth|max_states_per_insn|peak_states|mark_precise|"
    r"-- (BEGIN|END)|Func#|insn \d+ is a jump|Verifier log truncated|cur state:|old state:)"
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
        line = linecache.getline(path, lineno).rstrip("\n")
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
