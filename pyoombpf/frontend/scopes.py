"""Which names a function's body makes local, by CPython's rule: a name bound anywhere in the function (assigned,
a loop or ``with`` target, imported, ``del``-eted, a nested ``def``) is local in the *whole* function, so reading
it before it is bound raises ``UnboundLocalError`` there, even when a module-level name of that name exists."""

from __future__ import annotations

import ast

#: nodes that open a scope of their own
_SCOPES = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.Lambda,
    ast.ClassDef,
    ast.GeneratorExp,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
)


#: the attribute of a ``def`` node that holds its local names once found
_MEMO = "_pyoombpf_local_names"


def local_names(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, ast.AST]:
    """Names ``fn``'s body binds (each with its first binding node), parameters and ``global``/``nonlocal``
    names excluded.  Found once per ``def`` node (kept on the node: the parsed file is cached per text,
    frontend/source.py, so a warm compile of the same source walks no scope again); callers only read it."""
    memo: dict[str, ast.AST] | None = getattr(fn, _MEMO, None)
    if memo is None:
        memo = _local_names(fn)
        setattr(fn, _MEMO, memo)
    return memo


def _local_names(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, ast.AST]:
    found: dict[str, ast.AST] = {}
    declared: set[str] = set()
    for node in _walk_scope(fn):
        if isinstance(node, ast.Global | ast.Nonlocal):
            declared.update(node.names)
        for name, where in _bound(node):
            found.setdefault(name, where)
    params = {a.arg for a in (*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs)}
    params |= {a.arg for a in (fn.args.vararg, fn.args.kwarg) if a is not None}
    return {n: w for n, w in found.items() if n not in declared and n not in params}


def _walk_scope(fn: ast.AST) -> list[ast.AST]:
    """The nodes of ``fn``'s own scope: nested functions, classes, lambdas and comprehensions are not entered
    (their own names are theirs; the name a nested ``def``/``class`` binds is ``fn``'s)."""
    out: list[ast.AST] = []
    todo = list(ast.iter_child_nodes(fn))
    while todo:
        node = todo.pop()
        out.append(node)
        if not isinstance(node, _SCOPES):
            todo.extend(ast.iter_child_nodes(node))
    return out


def _bound(node: ast.AST) -> list[tuple[str, ast.AST]]:
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
        return [(node.id, node)]
    if isinstance(node, ast.NamedExpr) and isinstance(node.target, ast.Name):
        return [(node.target.id, node.target)]
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [(node.name, node)]
    if isinstance(node, ast.Import | ast.ImportFrom):
        return [((a.asname or a.name).split(".")[0], node) for a in node.names if a.name != "*"]
    if isinstance(node, ast.ExceptHandler) and node.name:
        return [(node.name, node)]
    if isinstance(node, ast.MatchAs | ast.MatchStar) and node.name:
        return [(node.name, node)]
    return []
