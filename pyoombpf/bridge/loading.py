"""Loading a policy with a time limit: progress while the verifier works, a clear error when it takes too long.

The kernel's verifier can spend minutes on a policy (a loop whose loop-carried values it tracks exactly looks new
in every iteration) before it gives up with "too large".  ``BPF_PROG_LOAD`` cannot be given a time limit, but the
verifier stops with ``EAGAIN`` when the loading thread has a signal pending: :class:`~pyoombpf.runtime.interrupt.
Interrupter` keeps one pending from the limit on (libbpf retries an ``EAGAIN`` load up to five times; each retry is
interrupted in turn).  While the load runs, a ``loading`` event comes after :data:`PROGRESS_AFTER_S` and then every
:data:`PROGRESS_EVERY_S`.

After a timeout the object is loaded once more, for :data:`DIAGNOSIS_S`, with the verifier's log on (level 1:
every instruction it checks, with the Python line it came from) and interrupted in slices, so the log's tail shows
where the verifier was busy; the error then names that line and the loop around it.
"""

from __future__ import annotations

import ast
import contextlib
import errno as _errno
import re
from collections import Counter
from typing import TYPE_CHECKING, Any

from pyoombpf.bridge.events import Event
from pyoombpf.bridge.loader import DEFAULT_LOAD_TIMEOUT_S
from pyoombpf.errors import LoadError, VerifierError
from pyoombpf.runtime.interrupt import Interrupter

if TYPE_CHECKING:
    from pyoombpf.bridge.events import EventSink

__all__ = ["DEFAULT_LOAD_TIMEOUT_S", "LoadTimeoutError", "load_bounded"]
PROGRESS_AFTER_S = 2.0
PROGRESS_EVERY_S = 5.0
DIAGNOSIS_S = 2.5
_TAIL = 256 * 1024  # how much of the diagnosis log's end counts
_LINE_INFO = re.compile(r"^; .* @ (\S+):(\d+)$", re.M)


class LoadTimeoutError(LoadError):
    """The verifier did not finish within the time limit; the message points at the loop it was busy with when
    the log says which."""

    def __init__(self, message: str, policy: str, timeout_s: float) -> None:
        super().__init__(message)
        self.policy, self.timeout_s = policy, timeout_s


def load_bounded(obj: Any, elf: bytes, policy: str, timeout_s: float, on_event: EventSink | None) -> None:
    """``obj.load()`` (a :class:`~pyoombpf.runtime.BpfObject` opened from ``elf``) with progress events and a time
    limit; :class:`LoadTimeoutError` when it runs out."""

    def progress(elapsed: float) -> None:
        if on_event is not None:
            with contextlib.suppress(Exception):  # a failing consumer must not end the helper thread in a traceback
                on_event(Event("loading", {"policy": policy, "elapsed_s": round(elapsed, 1), "limit_s": timeout_s}))

    ticks = tuple(PROGRESS_AFTER_S + i * PROGRESS_EVERY_S for i in range(int(timeout_s // PROGRESS_EVERY_S) + 1))
    with Interrupter(timeout_s, ticks=ticks, on_tick=progress) as interrupter:
        try:
            obj.load()
        except LoadError as exc:
            if not (interrupter.fired and exc.errno == _errno.EAGAIN):
                raise
    if interrupter.fired and not obj.loaded:
        raise timeout_error(elf, policy, timeout_s) from None


def timeout_error(elf: bytes, policy: str, timeout_s: float) -> LoadTimeoutError:
    head = f"loading policy {policy!r} took longer than {timeout_s:g} s: the kernel's verifier had not finished"
    notes = [
        "a loop whose loop-carried values the verifier tracks exactly can take it minutes to check (see "
        "docs/language.md, Loop budget)",
        "give it more time with --load-timeout SECONDS (pyoombpf run) or load_timeout_s= (run_policy)",
    ]
    where = busiest_line(elf, policy)
    if where is None:
        return LoadTimeoutError("\n".join([f"error: {head}", *(f"note: {n}" for n in notes)]), policy, timeout_s)
    path, lineno = where
    loop = enclosing_loop(path, lineno)
    if loop is not None:
        line, col, text = loop
        message = f"{path}:{line}:{col}: error: {head}; it was still working through this loop"
        if lineno != line:
            notes.insert(0, f"most of its time went to line {lineno} of the loop's body")
    else:
        line, col, text = lineno, 1, _source_line(path, lineno)
        message = f"{path}:{line}:{col}: error: {head}; it was busy with this line"
    lines = [message]
    if text:
        lines += [text, " " * (col - 1) + "^"]
    return LoadTimeoutError("\n".join(lines + [f"note: {n}" for n in notes]), policy, timeout_s)


def busiest_line(elf: bytes, policy: str) -> tuple[str, int] | None:
    """Load once more with the verifier's log on, interrupted after :data:`DIAGNOSIS_S`; the Python line (path,
    line) the log's tail mentions most, or None."""
    from pyoombpf.runtime import BpfObject
    from pyoombpf.runtime import elf as elf_info
    from pyoombpf.runtime.verifier_log import path_resolver

    log = ""
    with BpfObject.open(elf, name=policy, log_level=1) as obj:
        step = DIAGNOSIS_S / 5  # one slice per attempt of libbpf's EAGAIN retries: the last one's log is kept
        with Interrupter(step, every=step) as interrupter:
            try:
                obj.load()
            except VerifierError as exc:
                log = exc.log
            except LoadError:
                return None
        if not interrupter.armed:
            return None
    counts = Counter((m[1], int(m[2])) for m in _LINE_INFO.finditer(log[-_TAIL:]))
    if not counts:
        return None
    (name, lineno), _n = counts.most_common(1)[0]
    return path_resolver(elf_info.btf_strings(elf))(name), lineno


def enclosing_loop(path: str, lineno: int) -> tuple[int, int, str] | None:
    """(line, column, source line) of the innermost ``for``/``while`` of the file at ``path`` around ``lineno``."""
    try:
        with open(path) as f:
            source = f.read()
        tree = ast.parse(source)
    except (OSError, SyntaxError, ValueError):
        return None
    loops = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.For | ast.While) and n.lineno <= lineno <= (n.end_lineno or n.lineno)
    ]
    if not loops:
        return None
    inner = max(loops, key=lambda n: n.lineno)
    return inner.lineno, inner.col_offset + 1, source.splitlines()[inner.lineno - 1]


def _source_line(path: str, lineno: int) -> str:
    try:
        with open(path) as f:
            lines = f.read().splitlines()
    except OSError:
        return ""
    return lines[lineno - 1] if 0 < lineno <= len(lines) else ""
