"""Finding a function's source and turning AST positions into file positions.

The whole module file is parsed (cached per file and modification), so every location is a real file line and
column — never relative to the function, never shifted by a dedent.
"""

from __future__ import annotations

import ast
import functools
from types import CodeType, FunctionType, MethodType
from typing import Any

from pyoombpf import sourcetext
from pyoombpf.errors import FrontendError, Loc
from pyoombpf.plain import Frozen

#: the attribute of an AST node that holds its position once computed: (the SourceFile, the Loc)
_LOC = "_pyoombpf_loc"


class SourceFile(Frozen):
    """A parsed source file: its name, its lines and its AST."""

    __slots__ = _fields = ("filename", "lines", "tree")
    filename: str
    lines: tuple[str, ...]
    tree: ast.Module

    def __init__(self, filename: str, lines: tuple[str, ...], tree: ast.Module) -> None:
        self._set(filename=filename, lines=lines, tree=tree)

    def loc(self, node: ast.AST) -> Loc:
        """The 1-based file position of ``node`` (columns in characters, not UTF-8 bytes).  Kept on the node: the
        tree is cached per file text (:func:`source_file`), so a warm compile of the same source finds it there."""
        attrs = getattr(node, "__dict__", None)
        memo = attrs.get(_LOC) if attrs is not None else None
        if memo is not None and memo[0] is self:
            loc: Loc = memo[1]
            return loc
        loc = self._loc(node)
        if attrs is not None:
            attrs[_LOC] = (self, loc)
        return loc

    def _loc(self, node: ast.AST) -> Loc:
        lineno = getattr(node, "lineno", 1)
        end_lineno = getattr(node, "end_lineno", None)
        col = self._char_col(lineno, getattr(node, "col_offset", 0))
        end_col_b = getattr(node, "end_col_offset", None)
        end_col = self._char_col(end_lineno, end_col_b) if end_lineno and end_col_b is not None else None
        return Loc(self.filename, lineno, col + 1, end_lineno, end_col + 1 if end_col is not None else None)

    def _char_col(self, lineno: int, byte_col: int) -> int:
        if not 1 <= lineno <= len(self.lines):
            return byte_col
        line = self.lines[lineno - 1]
        if line.isascii():
            return byte_col
        return len(line.encode("utf-8")[:byte_col].decode("utf-8", errors="replace"))


#: the parsed files, least recently used first: a process that compiles policies from ever new file names (a notebook
#: names every cell's code afresh; generated sources) keeps only the last MAX_SOURCE_FILES of them (each holds its
#: AST, and the AST each def's local names, frontend/scopes.py)
_cache: dict[str, tuple[tuple[str, ...], SourceFile]] = {}
MAX_SOURCE_FILES = 64


def source_file(filename: str) -> SourceFile:
    """Parse ``filename`` as the file is now: an edited file imported again compiles its new text
    (:mod:`pyoombpf.sourcetext`; generated sources registered in linecache without a file work too)."""
    lines = tuple(sourcetext.lines(filename))
    cached = _cache.pop(filename, None)
    if cached is not None and cached[0] == lines:
        _cache[filename] = cached  # now the most recently used
        return cached[1]
    if not lines:
        raise FrontendError(
            f"cannot read the source of {filename!r}: pyoombpf compiles functions defined in a .py file "
            "(not in the interactive prompt or exec() without a file)"
        )
    tree = ast.parse("".join(lines), filename=filename)
    sf = SourceFile(filename, lines, tree)
    _cache[filename] = (lines, sf)
    while len(_cache) > MAX_SOURCE_FILES:
        del _cache[next(iter(_cache))]
    return sf


def function_source(fn: Any) -> tuple[SourceFile, ast.FunctionDef]:
    """The parsed file of ``fn`` and its ``def`` node.  ``fn`` must be the function a ``def`` made: a decorator's
    wrapper (which would run other code around it) is refused at the decorator."""
    if not isinstance(fn, FunctionType) or hasattr(fn, "__wrapped__"):
        raise not_a_function(fn)
    code = fn.__code__
    sf = source_file(code.co_filename)
    node = _find_def(sf.tree, fn.__name__, code.co_firstlineno)
    if node is None:
        here = Loc(code.co_filename, code.co_firstlineno, 1)
        if fn.__name__ == "<lambda>":
            lam = _find_lambda(sf, code)
            raise FrontendError(
                "a lambda cannot be compiled: pyoombpf compiles functions defined with `def`",
                sf.loc(lam) if lam is not None else here,
            )
        raise FrontendError(
            f"cannot find the definition of {fn.__qualname__} in {code.co_filename}: "
            "pyoombpf compiles module-level functions whose source file is present",
            here if 1 <= code.co_firstlineno <= len(sf.lines) else None,
        )
    return sf, node


def _find_lambda(sf: SourceFile, code: CodeType) -> ast.Lambda | None:
    """The ``lambda`` expression ``code`` was made from: of those on its first line (several may share one), the
    one whose body holds the code's instructions."""
    line = code.co_firstlineno
    found = [n for n in ast.walk(sf.tree) if isinstance(n, ast.Lambda) and n.lineno == line]
    spots = {(ln, col) for ln, _, col, end in code.co_positions() if ln is not None and col is not None and end}
    for n in found:
        body = n.body
        lo, hi = (body.lineno, body.col_offset), (body.end_lineno or body.lineno, body.end_col_offset or 0)
        if any(lo <= spot <= hi for spot in spots):
            return n
    return found[0] if found else None


def not_a_function(obj: Any) -> FrontendError:
    """The error for compiling (or calling from BPF code) something that is not a plain ``def`` function:
    located at the decorator that made it, when it came from one."""
    inner, how, hint = _unwrapped(obj)
    if inner is not None and how:
        try:
            sf, node = function_source(inner)
        except FrontendError:
            sf = None
        if sf is not None:
            decorators = node.decorator_list
            return FrontendError(
                f"{inner.__name__} is {how}, not the function its `def` made: pyoombpf compiles plain functions",
                sf.loc(decorators[0]) if decorators and hint.startswith("remove") else sf.loc(node),
                (hint,),
            )
    return FrontendError(f"{_short(obj)} is not a Python function; pyoombpf compiles plain `def` functions")


def _unwrapped(obj: Any) -> tuple[Any, str, str]:
    """(the function inside ``obj``, how it is wrapped, what to do) for decorated functions, methods and
    partials; (None, "", "") for anything else."""
    if isinstance(obj, staticmethod | classmethod):
        kind = type(obj).__name__
        return obj.__func__, f"a {kind} object", f"remove @{kind}: a module-level function needs no decorator"
    if isinstance(obj, MethodType):
        return obj.__func__, "a bound method", "compile a module-level function; BPF code has no objects"
    if isinstance(obj, functools.partial):
        return (
            obj.func,
            "wrapped in functools.partial",
            "arguments cannot be bound in Python: make them module-level constants or config(...) values",
        )
    try:
        wrapped = getattr(obj, "__wrapped__", None) if not isinstance(obj, type) else None
        if wrapped is None:
            return None, "", ""
        import inspect  # (only a decorated function needs it: not imported by every compile)

        inner = inspect.unwrap(obj)
    except Exception:  # noqa: BLE001 - a __wrapped__ cycle, or an object whose attributes fail
        return None, "", ""
    if inner is None:
        return None, "", ""
    return (
        inner,
        f"wrapped by a decorator ({type(obj).__module__}.{type(obj).__qualname__})",
        "remove the decorator: BPF code cannot run what it adds",
    )


def _short(obj: Any) -> str:
    try:
        text = repr(obj)
    except Exception:  # noqa: BLE001 - any object may be passed; its repr may fail
        text = f"<{type(obj).__name__} object>"
    return text if len(text) <= 80 else text[:77] + "..."


def _find_def(tree: ast.Module, name: str, firstlineno: int) -> ast.FunctionDef | None:
    best: ast.FunctionDef | None = None
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name:
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            if first == firstlineno or node.lineno == firstlineno:
                return node  # type: ignore[return-value]
            best = best or node  # type: ignore[assignment]
    return best
