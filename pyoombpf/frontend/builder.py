"""AST → typed HIR.

One ``ast.NodeVisitor`` with a short method per construct.  It resolves names (locals, module constants, callees,
pyoombpf objects), types every expression with the rules of :mod:`pyoombpf.types.core`, checks that every local is
assigned before use on every path, and rejects anything outside the subset at the offending node.

This module holds the program (:class:`ProgramBuilder`: every function the entry calls, the kernel type source),
the visitor's state, the function's signature, and names and annotations.  The visitor's other methods live in
one module per concern and are bound in :class:`FunctionBuilder`'s class body: :mod:`~pyoombpf.frontend.statements`
(and definite assignment), :mod:`~pyoombpf.frontend.loops` (and unrolling), :mod:`~pyoombpf.frontend.expressions`,
:mod:`~pyoombpf.frontend.operators`, :mod:`~pyoombpf.frontend.constant_tuples` and
:mod:`~pyoombpf.frontend.conversion`; constant folding's tables are :mod:`~pyoombpf.frontend.folding`, the rule
tables the ``*_rules`` modules fill are :mod:`~pyoombpf.frontend.tables`.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
from types import FunctionType, ModuleType
from typing import Any

from pyoombpf import progress
from pyoombpf.errors import CompileError, FrontendError, Loc, TypingError
from pyoombpf.frontend import constant_tuples, conversion, expressions, loops, operators, statements
from pyoombpf.frontend import selects as S
from pyoombpf.frontend import unsupported as U
from pyoombpf.frontend.scopes import local_names
from pyoombpf.frontend.source import SourceFile, function_source
from pyoombpf.frontend.statements import RECORD_NOTE, LoopCtx, Terminated
from pyoombpf.frontend.tables import ANNOTATION_RULES, Static, StaticAttr, describe, rule_for
from pyoombpf.hir import intrinsics as I
from pyoombpf.hir import nodes as H
from pyoombpf.hir.counted import mark_counted
from pyoombpf.hir.moves import mark_moves
from pyoombpf.names import user_loc
from pyoombpf.types.core import BOOL, VOID, Type, VoidType

#: a chain of calls longer than this is named in a "nesting too deep" error
_CHAIN_SHOWN = 20


_installed = False


def install_rules() -> None:
    """Fill the tables of :mod:`pyoombpf.frontend.tables` from the rule modules, once: each module's
    ``install()`` adds its rules (nothing is registered by importing a module)."""
    global _installed
    if _installed:
        return
    from pyoombpf.frontend import core_rules, kernel_rules, map_rules, policy_rules, psi_rules

    for rules in (core_rules, kernel_rules, map_rules, policy_rules, psi_rules):
        rules.install()
    _installed = True


#: what each @psi_policy callback receives (for the "needs a type annotation" hint)
_PSI_PARAM_HINTS = {"init": "Psi", "on_event": "PsiTrigger", "on_cgroup_online": "u64", "on_cgroup_offline": "u64"}


#: the type source last made for each (OOM ABI, PSI ABI) pair, with the kernel BTF spec it reads
_TYPE_SOURCES: dict[tuple[str, str], Any] = {}


def _type_source(spec: Any, abi: str, psi_abi: str) -> Any:
    """The type source of ``spec`` (the process's kernel BTF, :func:`pyoombpf.btf.loader.try_vmlinux`) and the
    ABI pair: what it reads from BTF and the bundle is made once per process, not once per compile (0.8 ms of a
    warm compile of largest_leaf).  Reused only while the process's spec is the same object: a forgotten and
    reloaded BTF (``forget_vmlinux``, ``PYOOMBPF_VMLINUX_BTF``) gets a new source, which replaces the old one (one
    per ABI pair is kept, so no forgotten spec stays alive for long)."""
    key = (abi, psi_abi)
    types = _TYPE_SOURCES.get(key)
    if types is None or types.spec is not spec:
        from pyoombpf.btf import TypeSource

        types = _TYPE_SOURCES[key] = TypeSource(spec=spec, abi=abi, psi_abi=psi_abi)
    return types


class ProgramBuilder:
    """Builds the HIR for an entry function and every function it calls."""

    def __init__(self, abi: str = "v3", mode: str = I.SYSCALL, psi_abi: str = "v3", experimental: bool = False) -> None:
        install_rules()
        self.abi = abi
        #: ``@oom_handler(experimental=True)``: built-ins that need pyoombpf's own kernel proposals are allowed
        self.experimental = experimental
        #: the BPF PSI interface a PSI policy is built for ("v3" or "v2")
        self.psi_abi = psi_abi
        #: the compile mode (pyoombpf/modes/): "syscall" (a plain function), "struct_ops" or "bridge" (an
        #: @oom_handler), "psi" (a @psi_policy)
        self.mode = mode
        self._types: Any = None
        #: kfuncs resolved so far, by name
        self.kfunc_cache: dict[str, Any] = {}
        self.functions: dict[FunctionType, H.Function] = {}
        self.order: list[H.Function] = []
        self.in_progress: set[FunctionType] = set()
        self.globals_used: dict[str, Any] = {}
        #: the functions being built, caller first (a call chain too deep for Python's stack is reported with it)
        self.chain: list[FunctionType] = []
        self.longest_chain: list[FunctionType] = []
        #: the statement most recently started, for an error at a place the error itself cannot say
        #: (Python's recursion limit reached while building deeply nested code)
        self.current: tuple[SourceFile, ast.AST] | None = None

    @property
    def types(self) -> Any:
        """Where kernel types come from: the running kernel's BTF, then the bundled ABI description."""
        if self._types is None:
            from pyoombpf.btf.loader import try_vmlinux

            self._types = _type_source(try_vmlinux(), self.abi, self.psi_abi)
        return self._types

    @property
    def types_used(self) -> Any:
        """The type source if the program needed kernel types, else None (no BTF was read)."""
        return self._types

    def position(self) -> tuple[Loc | None, str]:
        """The statement being built and, for a long chain of calls, the chain (see pyoombpf.progress)."""
        loc = self.current[0].loc(self.current[1]) if self.current is not None else None
        chain = self.longest_chain
        if len(chain) <= _CHAIN_SHOWN:
            return loc, ""
        head, tail = (" → ".join(f"{f.__name__}()" for f in part) for part in (chain[:3], chain[-2:]))
        return loc, f"the calls nest {len(chain)} deep here ({head} → … → {tail})"

    def build(self, fn: FunctionType, *, entry: bool = True) -> H.Program:
        func = self.function(fn, None)
        func.is_entry = entry
        return H.Program(entry=func, functions=list(self.order), globals=self.globals_used)

    def function(self, fn: FunctionType, call_loc: Loc | None) -> H.Function:
        if fn in self.functions:
            return self.functions[fn]
        if fn in self.in_progress:
            raise TypingError(
                f"recursive call to {fn.__name__}(): BPF programs cannot recurse",
                call_loc,
                ("rewrite the recursion as a loop",),
            )
        self.in_progress.add(fn)
        if not self.chain:
            progress.working_on(self.position)
        self.chain.append(fn)
        if len(self.chain) > len(self.longest_chain):
            self.longest_chain = list(self.chain)
        try:
            func = build_function(fn, self)
        except CompileError as e:
            if e.loc is None:  # the function itself could not be read: say where it is called (or compiled)
                e.loc = call_loc or user_loc()
            raise
        finally:
            self.in_progress.discard(fn)
            self.chain.pop()
        self.functions[fn] = func
        self.order.append(func)
        return func


def build_function(fn: FunctionType, program: ProgramBuilder) -> H.Function:
    """Type ``fn``.  Locals first initialised from literals take the type of their first typed assignment, found
    by re-running the (cheap) pass until the hints settle."""
    sf, node = function_source(fn)
    hints: dict[str, Type] = {}
    for _ in range(8):
        fb = FunctionBuilder(fn, sf, node, program, hints, probe=True)
        with contextlib.suppress(TypingError):  # the probe pass only collects type hints
            fb.run()
        if fb.new_hints == {}:
            break
        hints = {**hints, **fb.new_hints}
    fb = FunctionBuilder(fn, sf, node, program, hints, probe=False)
    return fb.run()


class FunctionBuilder(ast.NodeVisitor):
    """Types one function.  The methods bound at the end of the class body are defined in the modules they name
    (each a function of ``self: FunctionBuilder``): one lookup on the class, as for a method defined here."""

    def __init__(
        self,
        fn: FunctionType,
        sf: SourceFile,
        node: ast.FunctionDef,
        program: ProgramBuilder,
        hints: dict[str, Type],
        probe: bool,
    ) -> None:
        self.fn = fn
        self.sf = sf
        self.node = node
        self.program = program
        self.hints = hints
        self.probe = probe
        self.new_hints: dict[str, Type] = {}
        self.from_literal: set[str] = set()
        #: locals first assigned a conditional expression of literals (``bonus = 2 if c else 0``): i64, unless a
        #: later use fails with i64 and needs another type (only then: programs that compiled keep their types)
        self.from_choice: set[str] = set()
        self.vars: dict[str, H.Var] = {}
        self.assigned: set[str] = set()
        self.loops: list[LoopCtx] = []
        self.return_type: Type | None = None
        self.return_loc: Loc | None = None
        self.expect: Type | None = None
        #: statements that must run before the statement being built (hoisted temporaries)
        self.pending: list[H.Stmt] = []
        self.in_loop_test = False
        #: > 0 while typing an operand Python evaluates only under a condition (after the first operand of
        #: and/or, the branches of `x if c else y`, later comparands of a chain): nothing may be hoisted there
        self.conditional = 0
        self.param_names: set[str] = set()
        #: names bound by a kernel-object loop (``for m in memcg.descendants()``); once that loop has ended, the
        #: name may be bound by another such loop, as in Python (the reference it held ended with its loop)
        self.iter_names: set[str] = set()
        #: the variables of ended kernel-object loops whose name a later loop bound again: still locals of the
        #: function (a `return` inside the earlier loop must release what its variable holds)
        self.retired_vars: list[H.Var] = []
        #: how many RCU sections (cgroup walks) enclose the statement being built: what sleeps is refused inside
        self.rcu_depth = 0
        #: the elements of tuples of constants picked at run time so far (``LIMITS[i]``)
        self.selects = S.LiteralSelects()
        #: the loop variables of enclosing constant ranges their bodies never assign: name -> (least, greatest)
        #: value (an index into a tuple of constants known to be in range: `for i in range(len(T)): T[i]`)
        self.range_bounds: dict[str, tuple[int, int]] = {}
        #: names the body binds somewhere: local in the whole function, as in CPython
        self.local_names = local_names(node)

    # ----------------------------------------------------------------------------------------- helpers

    def loc(self, node: ast.AST) -> Loc:
        return self.sf.loc(node)

    def error(self, node: ast.AST, message: str, *notes: str, cls: type = TypingError) -> Exception:
        return cls(message, self.loc(node), notes)

    def unsupported(self, node: ast.AST) -> Exception:
        msg = U.UNSUPPORTED.get(type(node), f"`{type(node).__name__}` is not supported in BPF code")
        return self.error(node, msg, cls=FrontendError)

    def generic_visit(self, node: ast.AST) -> Any:
        raise self.unsupported(node)

    # ----------------------------------------------------------------------------------------- function

    def run(self) -> H.Function:
        node = self.node
        if isinstance(node, ast.AsyncFunctionDef):
            raise self.unsupported(node)
        self._check_signature(node)
        params = []
        for arg in node.args.args:
            if arg.annotation is None:
                raise self.error(
                    arg,
                    f"parameter {arg.arg!r} needs a type annotation, e.g. `{arg.arg}: {self._param_type_hint()}`",
                    cls=FrontendError,
                )
            t = self.annotation(arg.annotation)
            var = H.Var(arg.arg, t, self.loc(arg))
            self.vars[arg.arg] = var
            self.param_names.add(arg.arg)
            self.assigned.add(arg.arg)
            params.append(var)
        if node.returns is not None:
            self.return_type = self.annotation(node.returns, allow_none=True)
            self.return_loc = self.loc(node.returns)
        body = self.block(node.body)
        ends_open = not isinstance(self.assigned, Terminated)
        rtype = self.return_type if self.return_type is not None else VOID
        if ends_open and not isinstance(rtype, VoidType):
            raise TypingError(
                f"{node.name}() can reach its end without returning a value of type {rtype}",
                self.loc(node),
                ("add a `return` at the end of the function",),
            )
        if ends_open:
            body.append(H.Return(self.loc(node.body[-1]), None))
        mark_counted(body)
        mark_moves(body, params)
        params_set = set(params)
        return H.Function(
            name=node.name,
            qualname=self.fn.__qualname__,
            params=params,
            return_type=rtype,
            body=body,
            locals=[v for v in [*self.vars.values(), *self.retired_vars] if v not in params_set],
            loc=self.loc(node),
            filename=self.sf.filename,
        )

    def _param_type_hint(self) -> str:
        """The annotation a parameter of this function most likely wants: an @oom_handler's is ``OomControl``, a
        PSI callback's is what that callback receives; anything else takes integers."""
        policy = getattr(self.fn, "__pyoombpf_policy__", None)
        if policy is not None and policy.kind == "oom":
            return "OomControl"
        if self.program.mode == I.PSI:
            return _PSI_PARAM_HINTS.get(self.fn.__name__, "u64")
        return "u64"

    def _check_signature(self, node: ast.FunctionDef) -> None:
        a = node.args
        for bad, what in (
            (a.vararg, "*args"),
            (a.kwarg, "**kwargs"),
            (a.kwonlyargs[0] if a.kwonlyargs else None, "keyword-only parameters"),
            (a.posonlyargs[0] if a.posonlyargs else None, "positional-only parameters"),
        ):
            if bad is not None:
                raise self.error(bad, f"{what} are not supported in BPF code", cls=FrontendError)
        if a.defaults:
            raise self.error(a.defaults[0], "default parameter values are not supported", cls=FrontendError)

    # ----------------------------------------------------------------------------------------- names

    def lookup_global(self, name: str, node: ast.AST) -> Any:
        code = self.fn.__code__
        if name in code.co_freevars and self.fn.__closure__:
            cell = self.fn.__closure__[code.co_freevars.index(name)]
            try:
                return cell.cell_contents
            except ValueError:  # an empty cell
                raise self.error(
                    node,
                    f"the enclosing function's variable {name!r} has no value",
                    "it is assigned after this function is defined, or never; BPF code reads it when compiled",
                ) from None
        g = self.fn.__globals__
        if name in g:
            return g[name]
        if hasattr(builtins, name):
            return getattr(builtins, name)
        raise self.error(node, f"name {name!r} is not defined")

    def static(self, node: ast.expr) -> Static | None:
        """Resolve ``node`` at compile time if it names a global (possibly through attributes)."""
        if isinstance(node, ast.Name):
            if node.id in self.vars:
                return None
            if node.id in self.local_names:
                raise self.unbound_local(node)
            return Static(self.lookup_global(node.id, node), self.loc(node))
        if isinstance(node, ast.Attribute):
            base = self.static(node.value)
            if base is None:
                return None
            holder = base.value
            if isinstance(holder, ModuleType) or getattr(holder, "__pyoombpf_namespace__", False):
                try:
                    return Static(getattr(holder, node.attr), self.loc(node))
                except AttributeError:
                    raise self.error(node, f"{describe(holder)} has no attribute {node.attr!r}") from None
            return Static(StaticAttr(holder, node.attr), self.loc(node))
        return None

    def unbound_local(self, node: ast.Name) -> Exception:
        """A read of a name the function binds only later: CPython's UnboundLocalError, at compile time."""
        bound = self.local_names[node.id]
        glob = node.id in self.fn.__globals__
        return self.error(
            node,
            f"cannot access local variable {node.id!r} where it is not associated with a value",
            f"{node.id!r} is assigned in this function (line {getattr(bound, 'lineno', '?')}), so Python makes it "
            "local in the whole function and raises UnboundLocalError here"
            + (f"; the module-level {node.id!r} is not visible in it" if glob else ""),
            "assign it before this line, or give the local another name",
        )

    def annotation(self, node: ast.expr, allow_none: bool = False) -> Type:
        if allow_none and isinstance(node, ast.Constant) and node.value is None:
            return VOID
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            try:
                parsed = ast.parse(node.value, mode="eval").body
            except SyntaxError:
                raise self.error(node, f"cannot read annotation {node.value!r}", cls=FrontendError) from None
            ast.copy_location(parsed, node)
            for sub in ast.walk(parsed):
                ast.copy_location(sub, node)
            node = parsed
        st = self.static(node)
        if isinstance(node, ast.Subscript) and getattr(self.static(node.value), "value", None) is tuple:
            raise self.error(node, "there are no tuple values in BPF code: a function returns one value", RECORD_NOTE)
        if st is None:
            raise self.error(node, "annotations must name a type, e.g. u32 or i64")
        value = st.value
        if value is bool:
            return BOOL
        if value is int:
            raise self.error(node, "`int` has no fixed width in BPF code; annotate with u64, i64, u32, …")
        if value is None and allow_none:
            return VOID
        rule = rule_for(ANNOTATION_RULES, value)
        if rule is None:
            raise self.error(
                node,
                f"{describe(value)} is not a type pyoombpf knows",
                "integer types are u8 u16 u32 u64 i8 i16 i32 i64 (from pyoombpf) and bool",
            )
        return rule(self, node, value)

    # statements: frontend/statements.py
    block = statements.block
    loop_body = statements.loop_body
    conditionally = statements.conditionally
    hoist = statements.hoist
    visit_Pass = statements.visit_Pass
    visit_Expr = statements.visit_Expr
    visit_Assign = statements.visit_Assign
    visit_AnnAssign = statements.visit_AnnAssign
    bind = statements.bind
    visit_AugAssign = statements.visit_AugAssign
    visit_Delete = statements.visit_Delete
    visit_If = statements.visit_If
    visit_Break = statements.visit_Break
    visit_Continue = statements.visit_Continue
    visit_Return = statements.visit_Return

    # loops: frontend/loops.py
    visit_While = loops.visit_While
    visit_For = loops.visit_For
    loop_constants = loops.loop_constants
    paired_constants = loops.paired_constants

    # expressions: frontend/expressions.py
    expr = expressions.expr
    condition = expressions.condition
    truth = expressions.truth
    tested = expressions.tested
    has_truth = expressions.has_truth
    static_value = expressions.static_value
    visit_Constant = expressions.visit_Constant
    visit_Name = expressions.visit_Name
    load_name = expressions.load_name
    visit_Attribute = expressions.visit_Attribute
    static_attribute = expressions.static_attribute
    visit_Subscript = expressions.visit_Subscript
    visit_Tuple = expressions.visit_Tuple
    no_starred = expressions.no_starred
    visit_Call = expressions.visit_Call

    # operators: frontend/operators.py
    binop_name = operators.binop_name
    visit_BinOp = operators.visit_BinOp
    power = operators.power
    make_binop = operators.make_binop
    map_select = operators.map_select
    fold = operators.fold
    visit_UnaryOp = operators.visit_UnaryOp
    visit_BoolOp = operators.visit_BoolOp
    visit_Compare = operators.visit_Compare
    compare_none = operators.compare_none
    check_comparable = operators.check_comparable
    visit_IfExp = operators.visit_IfExp

    # constant tuples: frontend/constant_tuples.py
    compare_in = constant_tuples.compare_in
    in_constants = constant_tuples.in_constants
    constant_tuple = constant_tuples.constant_tuple
    constant_value = constant_tuples.constant_value

    # conversions: frontend/conversion.py
    demand = conversion.demand
    materialized_type = conversion.materialized_type
    materialize = conversion.materialize
    coerce = conversion.coerce
