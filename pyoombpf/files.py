"""Importing a user's policy file by path (the CLI, the demo, tests and benchmarks all need it).

A file Python cannot load (a syntax error, or module-level code that raises) becomes a
:class:`~pyoombpf.errors.PolicyFileError` located at the line of the user's file that failed, never a traceback
through pyoombpf and importlib (``PYOOMBPF_DEBUG=1`` re-raises the original exception instead).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from functools import cache
from types import FunctionType, ModuleType
from typing import TYPE_CHECKING, Any

from pyoombpf import sourcetext
from pyoombpf.errors import CompileError, Loc, PolicyFileError

if TYPE_CHECKING:
    import traceback


def import_file(path: str | os.PathLike[str], name: str | None = None) -> ModuleType:
    """Import the Python file at ``path`` as a module (registered in ``sys.modules`` so its functions' source,
    decorators and dataclasses work) and return it.  ``FileNotFoundError`` when the file does not exist."""
    path = os.path.abspath(os.fspath(path))
    if not os.path.isfile(path):
        raise FileNotFoundError(f"no such file: {path}")
    stem = os.path.splitext(os.path.basename(path))[0].replace("-", "_")
    name = name or f"_pyoombpf_user_{stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    try:
        spec.loader.exec_module(mod)
    except (Exception, SystemExit) as exc:
        sys.modules.pop(name, None)
        if os.environ.get("PYOOMBPF_DEBUG"):
            raise
        raise load_error(exc, path).with_traceback(None) from None
    return mod


def load_error(exc: BaseException, path: str) -> CompileError:
    """``exc``, raised while Python loaded the file at ``path``, as an error located in the user's code: a syntax
    error where the parser stopped; a located pyoombpf error (a ``DeclarationError`` of a map or record written
    wrongly) as it is; anything else at the innermost line of user code the exception passed."""
    if isinstance(exc, CompileError) and exc.loc is not None:
        return exc
    if isinstance(exc, SyntaxError):
        return PolicyFileError(f"{type(exc).__name__}: {exc.msg}", _syntax_loc(exc, path))
    import traceback  # (only an error needs it: not imported by every compile)

    frames = traceback.extract_tb(exc.__traceback__)
    users = [f for f in frames if _is_user_file(f.filename)]
    where = users[-1] if users else None
    notes: list[str] = []
    if where is not None and os.path.abspath(where.filename) != path:
        notes.append(f"while Python loaded {path}")
    if not isinstance(exc, ImportError):
        notes.append("module-level code runs when the file is loaded")
    notes += _sibling_note(exc, path)
    loc = _frame_loc(where) if where is not None else Loc(path, 1, 1)
    return PolicyFileError(_describe(exc), loc, tuple(notes))


def _sibling_note(exc: BaseException, path: str) -> list[str]:
    """A module the file imports that sits next to it: Python finds it when the file is run as a script, but a
    file loaded by its path does not put its directory on sys.path."""
    if not isinstance(exc, ModuleNotFoundError) or not exc.name:
        return []
    here = os.path.dirname(path)
    top = exc.name.partition(".")[0]
    if not (os.path.isfile(os.path.join(here, f"{top}.py")) or os.path.isdir(os.path.join(here, top))):
        return []
    return [
        f"{top} is next to the file, but pyoombpf loads a file by its path, without putting its directory on "
        f"sys.path: set PYTHONPATH={here} or install {top}"
    ]


def _describe(exc: BaseException) -> str:
    if isinstance(exc, SystemExit):
        return f"SystemExit: the file exited while it was loaded (exit status {exc.code})"
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _syntax_loc(exc: SyntaxError, path: str) -> Loc:
    """The parser's position (1-based character columns) as a Loc; an end it did not give is dropped.  An
    indentation error points at the line's first character (CPython's offset there is the indent's width)."""
    lineno = exc.lineno or 1
    col = exc.offset if exc.offset and exc.offset > 0 else 1
    if isinstance(exc, IndentationError) and not isinstance(exc, TabError) and exc.text:
        text = exc.text.rstrip("\n")
        col = len(text) - len(text.lstrip()) + 1
        return Loc(exc.filename or path, lineno, col)
    end_line = exc.end_lineno if exc.end_lineno == lineno else None
    end_col = exc.end_offset if end_line is not None and exc.end_offset and exc.end_offset > col else None
    return Loc(exc.filename or path, lineno, col, end_line if end_col else None, end_col)


def _frame_loc(frame: traceback.FrameSummary) -> Loc:
    """A traceback frame's position: CPython's column offsets count UTF-8 bytes; a Loc counts characters."""
    lineno = frame.lineno or 1
    raw = sourcetext.line(frame.filename, lineno).encode("utf-8")

    def char_col(byte_col: int | None) -> int | None:
        return None if byte_col is None else len(raw[:byte_col].decode("utf-8", errors="replace"))

    col = char_col(frame.colno)
    if col is None:
        return Loc(frame.filename, lineno, 1)
    end_col = char_col(frame.end_colno) if frame.end_lineno == lineno else None
    if end_col is None or end_col <= col:
        return Loc(frame.filename, lineno, col + 1)
    return Loc(frame.filename, lineno, col + 1, lineno, end_col + 1)


@cache
def _system_dirs() -> tuple[str, ...]:
    """Where Python's own and installed packages' files live (asked only when an error is located)."""
    import sysconfig

    paths = sysconfig.get_paths()
    return tuple(
        os.path.realpath(p) + os.sep for key in ("stdlib", "platstdlib", "purelib", "platlib") if (p := paths.get(key))
    )


_PACKAGE_DIR = os.path.dirname(os.path.realpath(__file__)) + os.sep


def _is_user_file(filename: str) -> bool:
    """Code the user wrote: not Python's own (stdlib, frozen importlib), not an installed package, not pyoombpf."""
    if filename.startswith("<"):
        return False
    real = os.path.realpath(filename)
    return not real.startswith(_PACKAGE_DIR) and not real.startswith(_system_dirs())


def pick_function(mod: ModuleType, name: str | None, path: str, *, policy_only: bool = False) -> Any:
    """The function of ``mod`` a command works on: ``name`` if given; else its one policy (an ``@oom_handler``
    function or a ``@psi_policy`` class); else
    (unless ``policy_only``) its only function.  ``PyoombpfError`` saying what to choose otherwise."""
    from pyoombpf.errors import PyoombpfError

    funcs: dict[str, Any] = {
        n: f for n, f in vars(mod).items() if isinstance(f, FunctionType) and f.__module__ == mod.__name__
    }
    classes = {n: c for n, c in vars(mod).items() if isinstance(c, type) and c.__module__ == mod.__name__}
    policies = {
        n: f for n, f in {**funcs, **classes}.items() if getattr(f, "__pyoombpf_policy__", None) is not None
    }  # @oom_handler functions and @psi_policy classes
    funcs = {**funcs, **policies}
    if name is not None:
        if name not in funcs:
            have = f"policies: {', '.join(policies) or 'none'}" if policy_only else f"it has: {', '.join(funcs)}"
            raise PyoombpfError(f"{path} has no function {name!r} ({have})")
        return funcs[name]
    if len(policies) == 1:
        return next(iter(policies.values()))
    if policy_only and not policies:
        raise PyoombpfError(f"{path} defines no @oom_handler or @psi_policy policy")
    if not funcs:
        raise PyoombpfError(f"{path} defines no function: pyoombpf compiles a module-level `def` of the file")
    if not policy_only and len(funcs) == 1:
        return next(iter(funcs.values()))
    choices = policies if policies else funcs
    raise PyoombpfError(
        f"{path} defines several {'policies' if policies else 'functions'}; choose one with "
        f"--policy/--function ({', '.join(choices)})"
    )
