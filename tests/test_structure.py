"""How the package is put together (docs/design.md): leaves stay leaves, lowering/ has no import cycle, and no
module reaches into another's private names."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "pyoombpf"


def _module(path: Path) -> str:
    return ".".join(path.relative_to(PKG.parent).with_suffix("").parts)


def _imports(path: Path) -> list[tuple[int, str, list[str]]]:
    """Every ``from X import ...`` and ``import X`` of the file (module level, TYPE_CHECKING and inside
    functions alike): (line, module, names)."""
    out = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.lineno, node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            out.extend((node.lineno, a.name, []) for a in node.names)
    return out


def _targets(module: str, names: list[str]) -> list[str]:
    """The pyoombpf modules an import statement depends on (a name imported from a package may be a module)."""
    out = [module]
    for name in names:
        candidate = f"{module}.{name}"
        if (PKG.parent / Path(*candidate.split("."))).with_suffix(".py").exists():
            out.append(candidate)
    return out


def test_no_private_name_is_imported_from_another_module() -> None:
    found = []
    for path in PKG.rglob("*.py"):
        package = _module(path).rpartition(".")[0]
        for line, module, names in _imports(path):
            if not module.startswith("pyoombpf"):
                continue
            for name in names:
                if name.startswith("_") and not name.startswith("__") and module != package:
                    found.append(f"{path.relative_to(PKG.parent)}:{line}: {name} from {module}")
    assert not found, "private names used across modules (make them public or keep them in their module):\n" + (
        "\n".join(found)
    )


def test_the_lowering_package_has_no_import_cycle() -> None:
    """Type-checking and function-local imports included: the pieces of lowering/ type against
    lowering/context.py's interfaces instead of importing each other."""
    graph: dict[str, set[str]] = {}
    for path in (PKG / "lowering").glob("*.py"):
        deps = set()
        for _line, module, names in _imports(path):
            deps.update(t for t in _targets(module, names) if t.startswith("pyoombpf.lowering."))
        graph[_module(path)] = deps
    cycle = _find_cycle(graph)
    assert cycle is None, f"import cycle in lowering/: {' -> '.join(cycle or [])}"


def _find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(v: str) -> list[str] | None:
        state[v] = 1
        stack.append(v)
        for w in sorted(graph.get(v, ())):
            if w not in graph:
                continue
            if state.get(w) == 1:
                return stack[stack.index(w) :] + [w]
            if w not in state and (found := visit(w)) is not None:
                return found
        stack.pop()
        state[v] = 2
        return None

    for v in sorted(graph):
        if v not in state and (found := visit(v)) is not None:
            return found
    return None


@pytest.mark.parametrize(
    ("leaf", "allowed"),
    [
        ("pyoombpf/hir/intrinsics.py", ("pyoombpf.errors", "pyoombpf.plain", "pyoombpf.types.")),
        ("pyoombpf/uapi.py", ()),
        ("pyoombpf/lowering/context.py", ("pyoombpf.errors", "pyoombpf.hir.nodes", "pyoombpf.types.")),
        ("pyoombpf/pyexec/model.py", ()),
    ],
)
def test_leaf_modules_import_nothing_else_of_pyoombpf(leaf: str, allowed: tuple[str, ...]) -> None:
    path = PKG.parent / leaf
    others = [
        f"{line}: {target}"
        for line, module, names in _imports(path)
        for target in (_targets(module, names)[1:] or [module])
        if target.startswith("pyoombpf") and not target.startswith(allowed)
    ]
    assert not others, f"{leaf} is a leaf module; it imports {others}"


#: the modules that define FunctionBuilder's methods (bound in its class body, frontend/builder.py)
FRONTEND_PARTS = ("statements", "loops", "expressions", "operators", "constant_tuples", "conversion")


def _runtime_imports(path: Path) -> list[tuple[int, str]]:
    """The ``from X import`` statements of a module outside ``if TYPE_CHECKING:`` blocks."""
    tree = ast.parse(path.read_text())
    typing_only = {
        id(sub)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
        for stmt in node.body
        for sub in ast.walk(stmt)
    }
    return [
        (node.lineno, node.module)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and id(node) not in typing_only
    ]


@pytest.mark.parametrize("part", [*FRONTEND_PARTS, "tables", "folding"])
def test_the_visitors_parts_import_builder_for_types_only(part: str) -> None:
    """builder.py imports them when it is imported: one that imported builder.py back would be a cycle."""
    found = [line for line, module in _runtime_imports(PKG / "frontend" / f"{part}.py") if module.endswith(".builder")]
    assert not found, f"frontend/{part}.py imports frontend/builder.py at run time (lines {found})"


@pytest.mark.parametrize("part", FRONTEND_PARTS)
def test_every_method_of_a_frontend_part_is_bound_in_function_builder(part: str) -> None:
    """A function of ``self: FunctionBuilder`` the class does not bind would never run (a visit_X left out falls
    to generic_visit: "not supported"); the module's private helpers are called as functions instead."""
    import importlib

    from pyoombpf.frontend.builder import FunctionBuilder

    module = importlib.import_module(f"pyoombpf.frontend.{part}")
    methods = [
        node.name
        for node in ast.parse((PKG / "frontend" / f"{part}.py").read_text()).body
        if isinstance(node, ast.FunctionDef) and node.args.args and node.args.args[0].arg == "self"
    ]
    assert methods
    unbound = [
        m for m in methods if not m.startswith("_") and getattr(FunctionBuilder, m, None) is not getattr(module, m)
    ]
    assert not unbound, f"frontend/{part}.py defines methods FunctionBuilder does not bind: {unbound}"
    bound_private = [m for m in methods if m.startswith("_") and hasattr(FunctionBuilder, m)]
    assert not bound_private, bound_private
