"""Optimise and emit a module in a child process, so that a fatal error inside LLVM ends the child, not the caller.

Used for modules outside the envelope :mod:`pyoombpf.codegen.checks` knows the BPF backend compiles, and for
every module when isolation is asked for (``compile(..., isolate=True)`` or ``PYOOMBPF_ISOLATE=1``).  The child is
a fresh ``python -I`` (no environment, no current directory on the path) running :func:`main`: the IR text goes
in on stdin, the object, the optimised IR and the assembly come back on stdout.  A fresh interpreter costs
~0.1-0.2 s; ``fork()`` would be cheaper but is unsafe in a caller with threads, and this path is the exception.
"""

from __future__ import annotations

import json
import os
import re
import struct
import subprocess
import sys
from dataclasses import dataclass

from pyoombpf.codegen.checks import BackendRefusal, Refusal
from pyoombpf.errors import CodegenError

#: generous: LLVM takes tens of seconds only for programs far larger than the verifier accepts
TIMEOUT_S = 600.0
_MAGIC_OK, _MAGIC_ERR, _MAGIC_REFUSED = b"PYOK", b"PYER", b"PYRF"
_LOC = re.compile(r"([^\s:]+\.py):(\d+):(\d+)")
_IN_FUNCTION = re.compile(r"in function ([^\s:]+)")


@dataclass(frozen=True)
class IsolatedResult:
    elf: bytes
    optimized_ir: str
    asm: str


class BackendFailure(Exception):
    """The child died (or LLVM refused the module there).  ``message`` is LLVM's diagnostic; ``function`` the
    symbol it names and ``where`` the ``(file name, line, column)`` it points at, when it says."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        m = _IN_FUNCTION.search(message)
        self.function = m.group(1) if m else None
        loc = _LOC.search(message)
        self.where = (loc.group(1), int(loc.group(2)), int(loc.group(3))) if loc else None


def emit_isolated(ir_text: str) -> IsolatedResult:
    """Run :func:`pyoombpf.codegen.emit.emit_in_process` on ``ir_text`` in a child process."""
    if not sys.executable:
        raise CodegenError("cannot compile in a child process: this Python has no sys.executable")
    package_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    code = f"import sys; sys.path.insert(0, {package_root!r}); from pyoombpf.codegen.isolated import main; main()"
    try:
        r = subprocess.run(
            [sys.executable, "-I", "-c", code],
            input=ir_text.encode(),
            capture_output=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise CodegenError(f"LLVM did not finish compiling the module within {TIMEOUT_S:.0f} s") from None
    out = r.stdout
    if r.returncode == 0 and out.startswith(_MAGIC_OK):
        return _decode(out)
    if out.startswith(_MAGIC_ERR):
        raise CodegenError(out[len(_MAGIC_ERR) :].decode(errors="replace"))
    if out.startswith(_MAGIC_REFUSED):
        rows = json.loads(out[len(_MAGIC_REFUSED) :])
        raise BackendRefusal([Refusal(*row) for row in rows])
    raise BackendFailure(_diagnostic(r.stderr.decode(errors="replace"), r.returncode), r.returncode)


def _diagnostic(stderr: str, status: int) -> str:
    """LLVM's own lines from the child's stderr (its diagnostics start with ``error:`` or name the failure)."""
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    llvm = [ln for ln in lines if not ln.startswith(("Traceback", "File ", "  "))]
    text = "; ".join(llvm[:3]) if llvm else ""
    how = f"exit status {status}" if status >= 0 else f"signal {-status}"
    return (text.removeprefix("error: ") or "no diagnostic") + f" (the compiling process ended with {how})"


def _decode(out: bytes) -> IsolatedResult:
    pos = len(_MAGIC_OK)
    parts = []
    for _ in range(3):
        (n,) = struct.unpack_from("<Q", out, pos)
        pos += 8
        parts.append(out[pos : pos + n])
        pos += n
    return IsolatedResult(parts[0], parts[1].decode(), parts[2].decode())


def main() -> None:
    """The child: IR text on stdin → framed object, optimised IR and assembly on stdout."""
    from pyoombpf.codegen.emit import emit_in_process

    ir_text = sys.stdin.buffer.read().decode()
    try:
        emitted = emit_in_process(ir_text)
        parts = [emitted.elf, emitted.optimized_ir.encode(), emitted.asm.encode()]
    except BackendRefusal as e:
        rows = [[r.function, r.kind, r.detail] for r in e.refusals]
        sys.stdout.buffer.write(_MAGIC_REFUSED + json.dumps(rows).encode())
        sys.stdout.flush()
        return
    except CodegenError as e:
        sys.stdout.buffer.write(_MAGIC_ERR + e.message.encode())
        sys.stdout.flush()
        return
    sys.stdout.buffer.write(_MAGIC_OK + b"".join(struct.pack("<Q", len(p)) + p for p in parts))
    sys.stdout.flush()
