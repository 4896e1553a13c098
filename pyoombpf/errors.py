"""The one error hierarchy of pyoombpf.

Everything pyoombpf raises on purpose derives from :class:`PyoombpfError`.  Compile-time problems are
:class:`CompileError` (one subclass per stage) and always carry the user's file, line and column;
kernel-side problems are :class:`KernelError` subclasses and say what the kernel answered and what to do.
"""

from __future__ import annotations

import errno as _errno

from pyoombpf.plain import Frozen


class Loc(Frozen):
    """A position in the user's source file.  Lines and columns are 1-based; ``end_col`` is exclusive."""

    __slots__ = _fields = ("filename", "lineno", "col", "end_lineno", "end_col")
    filename: str
    lineno: int
    col: int
    end_lineno: int | None
    end_col: int | None

    def __init__(
        self, filename: str, lineno: int, col: int, end_lineno: int | None = None, end_col: int | None = None
    ) -> None:
        self._set(filename=filename, lineno=lineno, col=col, end_lineno=end_lineno, end_col=end_col)

    def __str__(self) -> str:
        return f"{self.filename}:{self.lineno}:{self.col}"


class PyoombpfError(Exception):
    """Root of every error pyoombpf raises on purpose."""


# --------------------------------------------------------------------------------------------- compile time


class CompileError(PyoombpfError):
    """A policy or function cannot be compiled.  ``str()`` starts with ``file:LINE:COL: error: message``."""

    stage = "compile"

    def __init__(self, message: str, loc: Loc | None = None, notes: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.loc = loc
        self.notes = tuple(notes)

    @property
    def filename(self) -> str | None:
        return self.loc.filename if self.loc else None

    @property
    def lineno(self) -> int | None:
        return self.loc.lineno if self.loc else None

    @property
    def col(self) -> int | None:
        return self.loc.col if self.loc else None

    @property
    def source_line(self) -> str | None:
        if self.loc is None:
            return None
        from pyoombpf import sourcetext  # here: the bridge relay imports this module and never needs it

        line = sourcetext.line(self.loc.filename, self.loc.lineno)
        return line.rstrip("\n") if line else None

    def __str__(self) -> str:
        if self.loc is None:
            head = f"error: {self.message}"
            return "\n".join([head, *(f"note: {n}" for n in self.notes)])
        lines = [f"{self.loc}: error: {self.message}"]
        src = self.source_line
        if src is not None:
            lines.append(src)
            lines.append(_caret_line(src, self.loc))
        lines.extend(f"note: {n}" for n in self.notes)
        return "\n".join(lines)


def _caret_line(src: str, loc: Loc) -> str:
    start = max(loc.col - 1, 0)
    if loc.end_col is not None and (loc.end_lineno in (None, loc.lineno)) and loc.end_col > loc.col:
        width = loc.end_col - loc.col
    else:
        width = 1
    prefix = "".join("\t" if ch == "\t" else " " for ch in src[:start])
    return prefix + "^" + "~" * (width - 1)


class FrontendError(CompileError):
    """The source uses Python outside the supported subset."""

    stage = "frontend"


class TypingError(CompileError):
    """Types do not fit: unknown names, mismatched operands, wrong argument counts, constants out of range."""

    stage = "typing"


class LoweringError(CompileError):
    """The typed program cannot be expressed in BPF (a limit of the target, not of the source's types)."""

    stage = "lowering"


class PolicyFileError(CompileError):
    """Python itself cannot load the file: a syntax or indentation error, or module-level code that raised
    (a failing import, a ``NameError``, ...).  Located at the offending line of the user's file."""

    stage = "import"


class CodegenError(CompileError):
    """LLVM refused the module.  Always a pyoombpf bug: please report it with the policy source."""

    stage = "codegen"


class BackendError(CodegenError):
    """LLVM's BPF backend failed on the module in the child process it was compiled in (a failure LLVM reports
    by ending the process: see docs/design.md, "The compiler never takes its caller down").  ``llvm_message`` is
    LLVM's diagnostic; the location is the Python function (and line, when LLVM names one) it concerns."""

    stage = "codegen"

    def __init__(self, message: str, loc: Loc | None, notes: tuple[str, ...] = (), llvm_message: str = "") -> None:
        super().__init__(message, loc, notes)
        self.llvm_message = llvm_message


class DeclarationError(CompileError, ValueError, TypeError):
    """A module-level declaration (a map, config value, record or policy) is invalid, e.g. a name the kernel
    would refuse.  Raised where the declaration is written, located at that line.  It is also a ``ValueError``
    and a ``TypeError`` (what these declarations raised before they were located)."""

    stage = "declaration"


# --------------------------------------------------------------------------------------------- kernel side


class KernelError(PyoombpfError):
    """The kernel or libbpf refused something."""


class PrivilegeError(KernelError):
    """The process lacks the privileges (root / CAP_BPF + CAP_PERFMON + CAP_SYS_ADMIN) the operation needs."""


class NotSupportedError(KernelError):
    """The running kernel (or libbpf) lacks a feature.  ``feature`` names it, ``requirement`` says who has it."""

    def __init__(self, feature: str, requirement: str, hint: str = "") -> None:
        msg = f"{feature} is not supported here: {requirement}"
        if hint:
            msg += f"; {hint}"
        super().__init__(msg)
        self.feature = feature
        self.requirement = requirement
        self.hint = hint


class LoadError(KernelError):
    """Loading or attaching failed with an errno."""

    def __init__(self, message: str, errno: int = 0) -> None:
        self.errno = abs(errno)
        self.errno_name = _errno.errorcode.get(self.errno, f"errno {self.errno}") if self.errno else ""
        suffix = f" ({self.errno_name}: {_strerror(self.errno)})" if self.errno else ""
        super().__init__(message + suffix)
        self.message = message


class VerifierError(LoadError):
    """The BPF verifier rejected a program.

    ``summary`` is one line; ``log`` is the whole verifier log; ``filename``/``lineno``/``source_line`` point at the
    user's Python line the failing instruction came from (``None`` when the object carries no line info).
    """

    def __init__(
        self,
        program: str,
        summary: str,
        log: str,
        errno: int = _errno.EACCES,
        filename: str | None = None,
        lineno: int | None = None,
        source_line: str | None = None,
        col: int | None = None,
        notes: tuple[str, ...] = (),
    ) -> None:
        self.program = program
        self.summary = summary
        self.log = log
        self.filename = filename
        self.lineno = lineno
        self.col = col
        self.source_line = source_line
        self.notes = tuple(notes)
        where = f"{filename}:{lineno}{f':{col}' if col else ''}: " if filename and lineno else ""
        super().__init__(f"{where}verifier rejected program {program!r}: {summary}", errno)

    def __str__(self) -> str:
        text = super().__str__()
        if self.source_line is not None:
            text += "\n" + self.source_line
            if self.col and self.filename and self.lineno:
                text += "\n" + _caret_line(self.source_line, Loc(self.filename, self.lineno, self.col))
        return "\n".join([text, *(f"note: {n}" for n in self.notes)])


class AttachError(LoadError):
    """Attaching a loaded program or struct_ops map failed."""


class KernelMismatchError(LoadError):
    """An object compiled against one kernel's description (bridge mode folds in its enum values and counter
    layout) was loaded on another kernel: compile it again on the machine that runs it."""


def _strerror(code: int) -> str:
    import os

    return os.strerror(code)
