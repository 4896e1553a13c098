"""Every Python construct outside the subset, with the message a user sees.

``docs/language.md`` lists the same table; ``tests/test_errors.py`` checks each message is raised at the node.
"""

from __future__ import annotations

import ast

UNSUPPORTED: dict[type[ast.AST], str] = {
    ast.ListComp: "list comprehensions are not supported in BPF code (no heap); use a for loop",
    ast.SetComp: "set comprehensions are not supported in BPF code (no heap); use a map or a for loop",
    ast.DictComp: "dict comprehensions are not supported in BPF code; declare a HashMap at module level",
    ast.GeneratorExp: "generator expressions are not supported in BPF code; use a for loop",
    ast.Dict: "dict literals are not supported in BPF code; declare a HashMap at module level",
    ast.Set: "set literals are not supported in BPF code",
    ast.List: "list literals are not supported in BPF code (no heap)",
    ast.Lambda: "lambda is not supported in BPF code; define a module-level function",
    ast.JoinedStr: "f-strings are not supported in BPF code",
    ast.FormattedValue: "f-strings are not supported in BPF code",
    ast.Await: "await is not supported in BPF code",
    ast.Yield: "yield is not supported in BPF code (functions run to completion in the kernel)",
    ast.YieldFrom: "yield is not supported in BPF code (functions run to completion in the kernel)",
    ast.Starred: "star-unpacking is not supported in BPF code",
    ast.NamedExpr: "the walrus operator := is not supported in BPF code; assign on its own line",
    ast.Slice: "slices are not supported in BPF code",
    ast.Try: "try/except is not supported in BPF code (there are no exceptions in the kernel)",
    ast.Raise: "raise is not supported in BPF code (there are no exceptions in the kernel); return a value",
    ast.With: "with-statements are not supported in BPF code",
    ast.AsyncWith: "async with is not supported in BPF code",
    ast.AsyncFor: "async for is not supported in BPF code",
    ast.AsyncFunctionDef: "async functions are not supported in BPF code",
    ast.FunctionDef: "nested functions are not supported in BPF code; define it at module level",
    ast.ClassDef: "classes cannot be defined inside BPF code",
    ast.Import: "import is not allowed inside BPF code; import at module level",
    ast.ImportFrom: "import is not allowed inside BPF code; import at module level",
    ast.Global: "global statements are not supported: module-level names are read-only in BPF code",
    ast.Nonlocal: "nonlocal statements are not supported in BPF code",
    ast.Assert: "assert is not supported in BPF code; use an if-statement and return",
    ast.Match: "match statements are not supported in BPF code; use if/elif",
    ast.Delete: "del is only supported on map entries (del m[key])",
}

if hasattr(ast, "TryStar"):
    UNSUPPORTED[ast.TryStar] = UNSUPPORTED[ast.Try]

BINOP_NAMES: dict[type[ast.operator], str] = {
    ast.Add: "add",
    ast.Sub: "sub",
    ast.Mult: "mul",
    ast.FloorDiv: "floordiv",
    ast.Mod: "mod",
    ast.LShift: "lshift",
    ast.RShift: "rshift",
    ast.BitAnd: "bitand",
    ast.BitOr: "bitor",
    ast.BitXor: "bitxor",
}

UNSUPPORTED_BINOPS: dict[type[ast.operator], str] = {
    ast.Div: "true division `/` gives a float, and BPF has no floats; use `//` for integer division",
    ast.MatMult: "`@` is not supported in BPF code",
}

#: ``**`` is folded at compile time: both operands must be constants (``256 * 2**20``, ``2**SHIFT``)
POW_RUNTIME = (
    "`**` needs compile-time integer constants on both sides in BPF code (literals, module constants and "
    "expressions of them, e.g. 256 * 2**20); for a run-time value multiply explicitly, or shift: 1 << n is 2**n"
)
POW_NEGATIVE = "`**` with a negative exponent gives a float, and BPF code has none: the exponent must be 0 or more"
#: ``x in T``: a hash map or a tuple of integer constants
IN_OPERANDS = (
    "`in` / `not in` are only supported as `key in map` and `x in (1, 2, …)` (a tuple of integer constants: a "
    "literal or a module-level tuple)"
)

CMPOP_NAMES: dict[type[ast.cmpop], str] = {
    ast.Eq: "eq",
    ast.NotEq: "ne",
    ast.Lt: "lt",
    ast.LtE: "le",
    ast.Gt: "gt",
    ast.GtE: "ge",
    ast.Is: "eq",
    ast.IsNot: "ne",
}
