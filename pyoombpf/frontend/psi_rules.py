"""Typing rules of PSI policies: ``Psi`` / ``PsiTrigger`` annotations, ``psi.create_trigger(...)``,
``MemCgroup.from_cgroup_id(id)`` and ``declare_oom(memcg, order=0, wait=True)``.

``Psi`` is a ``struct bpf_psi *`` that only ``create_trigger`` accepts; ``PsiTrigger`` is a plain kernel pointer
(``struct psi_trigger *``), so ``trigger.cgroup_id`` is an ordinary BTF member read.  The memcg from a cgroup id
is a fresh owned reference (released by the variable that holds it), like ``oc.memcg``.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

from pyoombpf.dsl.policy import _Marker
from pyoombpf.dsl.psi import _PsiBuiltin, _PsiMarker
from pyoombpf.errors import FrontendError
from pyoombpf.frontend.builder import ANNOTATION_RULES, CALL_RULES, EXPR_METHOD_RULES, METHOD_RULES, FunctionBuilder
from pyoombpf.frontend.policy_rules import FRESH_MEMCG, _fresh_to_var, _struct
from pyoombpf.hir import nodes as H
from pyoombpf.types.core import I32, U32, U64, Type
from pyoombpf.types.kernel import KPtr
from pyoombpf.types.policy import MemcgType

#: ``bpf_psi_create_trigger``'s resource values (the kernel's enum psi_res) and the "full" bit
PSI_RESOURCES = {"io": 0, "memory": 1, "cpu": 2, "irq": 3}
BPF_PSI_FULL = 0x8000_0000
#: kernel/sched/psi.c: trigger windows are 500 ms .. 10 s; the threshold must not exceed the window
WINDOW_MIN_US, WINDOW_MAX_US = 500_000, 10_000_000
BPF_OOM_FLAGS_WAIT_ON_OOM_LOCK = 1
FRESH_MEMCG.add("memcg_from_cgroup_id")


@dataclass(frozen=True, eq=False)
class PsiType(KPtr):
    """``init``'s ``struct bpf_psi *`` (``Psi`` in policies): only passed back to ``create_trigger``."""

    def __str__(self) -> str:
        return "Psi"


def _need_psi(fb: FunctionBuilder, node: ast.AST, what: str) -> None:
    if fb.program.kind != "psi":
        raise fb.error(node, f"{what} belongs to PSI policies (a @psi_policy class), not to this function")


def psi_annotation(fb: FunctionBuilder, node: ast.AST, m: _PsiMarker) -> Type:
    _need_psi(fb, node, f"the type {m.name}")
    if m.name == "Psi":
        return PsiType(_struct(fb, node, "bpf_psi"))
    return KPtr(_struct(fb, node, "psi_trigger"))


# --------------------------------------------------------------------------------------------- create_trigger

_TRIGGER_ARGS = ("cgroup_id", "resource", "full", "threshold_us", "window_us")


def _trigger_args(fb: FunctionBuilder, node: ast.Call) -> dict[str, ast.expr]:
    usage = 'psi.create_trigger(cgroup_id, resource="memory", full=True, threshold_us=100_000, window_us=1_000_000)'
    if len(node.args) > len(_TRIGGER_ARGS):
        raise fb.error(node, f"too many arguments; {usage}")
    args: dict[str, ast.expr] = dict(zip(_TRIGGER_ARGS, node.args, strict=False))
    for kw in node.keywords:
        if kw.arg not in _TRIGGER_ARGS:
            raise fb.error(kw, f"create_trigger() has no parameter {kw.arg!r}; {usage}", cls=FrontendError)
        if kw.arg in args:
            raise fb.error(kw, f"create_trigger() got {kw.arg!r} twice", cls=FrontendError)
        args[kw.arg] = kw.value
    for required in ("cgroup_id", "threshold_us", "window_us"):
        if required not in args:
            raise fb.error(node, f"create_trigger() needs {required}; {usage}")
    return args


def _literal(fb: FunctionBuilder, node: ast.expr | None, kind: type, default: Any, what: str) -> Any:
    if node is None:
        return default
    if not (isinstance(node, ast.Constant) and type(node.value) is kind):
        raise fb.error(node, f"{what} must be a {kind.__name__} literal (the kernel fixes it when the trigger is made)")
    return node.value


def psi_method(fb: FunctionBuilder, node: ast.Call, psi: H.Expr, method: str) -> H.Expr:
    if method != "create_trigger":
        raise fb.error(node.func, f"Psi has no method {method!r}; it has create_trigger(...)")
    args = _trigger_args(fb, node)
    resource = _literal(fb, args.get("resource"), str, "memory", "resource")
    if resource not in PSI_RESOURCES:
        raise fb.error(args["resource"], f"unknown PSI resource {resource!r}; one of {', '.join(PSI_RESOURCES)}")
    full = _literal(fb, args.get("full"), bool, False, "full")
    window = _window(fb, args["window_us"])
    threshold = fb.coerce(fb.expr(args["threshold_us"]), U32, args["threshold_us"], "threshold_us")
    if isinstance(threshold, H.Const) and window is not None and not 0 < threshold.value <= window:
        raise fb.error(args["threshold_us"], f"threshold_us must be in 1..window_us ({window}), not {threshold.value}")
    cgroup_id = fb.coerce(fb.expr(args["cgroup_id"]), U64, args["cgroup_id"], "cgroup_id")
    code = PSI_RESOURCES[resource] | (BPF_PSI_FULL if full else 0)
    window_e = fb.coerce(fb.expr(args["window_us"]), U32, args["window_us"], "window_us")
    loc = fb.loc(node)
    return H.Intrinsic(I32, loc, "psi_create_trigger", [psi, cgroup_id, H.Const(U32, loc, code), threshold, window_e])


def _window(fb: FunctionBuilder, node: ast.expr) -> int | None:
    if not (isinstance(node, ast.Constant) and isinstance(node.value, int)):
        return None
    if not WINDOW_MIN_US <= node.value <= WINDOW_MAX_US:
        raise fb.error(node, f"window_us must be between {WINDOW_MIN_US} and {WINDOW_MAX_US} (the kernel's PSI limits)")
    return int(node.value)


# --------------------------------------------------------------------------------------------- memcg, declare_oom


def memcg_static_method(fb: FunctionBuilder, node: ast.Call, holder: _Marker, method: str) -> H.Expr:
    if holder.name != "MemCgroup" or method != "from_cgroup_id":
        raise fb.error(node.func, f"{holder!r}.{method}() cannot be called in BPF code")
    _need_psi(fb, node.func, "MemCgroup.from_cgroup_id()")
    if node.keywords or len(node.args) != 1:
        raise fb.error(node, "MemCgroup.from_cgroup_id(cgroup_id) takes one cgroup id")
    cgroup_id = fb.coerce(fb.expr(node.args[0]), U64, node.args[0], "the cgroup id")
    memcg = MemcgType(_struct(fb, node, "mem_cgroup"))
    return H.Intrinsic(memcg, fb.loc(node), "memcg_from_cgroup_id", [cgroup_id])


def builtin_call(fb: FunctionBuilder, node: ast.Call, fn: _PsiBuiltin) -> H.Expr:
    if fn.name != "declare_oom":
        raise fb.error(node.func, f"{fn!r} cannot be called in BPF code")
    if fb.program.kind == "oom":
        raise fb.error(
            node.func,
            "declare_oom() cannot be called inside an @oom_handler: the kernel does not allow declaring an OOM "
            "from an OOM handler (bpf_out_of_memory would recurse into out_of_memory())",
            "declare OOMs from a @psi_policy's on_event",
        )
    _need_psi(fb, node.func, "declare_oom()")
    names = ("memcg", "order", "wait")
    if len(node.args) > 3:
        raise fb.error(node, "declare_oom(memcg, order=0, wait=True) takes at most three arguments")
    args: dict[str, ast.expr] = dict(zip(names, node.args, strict=False))
    for kw in node.keywords:
        if kw.arg not in names or kw.arg in args:
            raise fb.error(kw, f"declare_oom() has no (other) parameter {kw.arg!r}", cls=FrontendError)
        args[kw.arg] = kw.value
    if "memcg" not in args:
        raise fb.error(node, "declare_oom() needs the MemCgroup to declare the OOM in")
    mtype = MemcgType(_struct(fb, node, "mem_cgroup"))
    system = isinstance(args["memcg"], ast.Constant) and args["memcg"].value is None
    if system:  # declare_oom(None): a system-wide OOM, said explicitly
        memcg: H.Expr = H.Const(mtype, fb.loc(args["memcg"]), 0)
    else:
        memcg = _fresh_to_var(fb, fb.expr(args["memcg"]), args["memcg"])
    if not isinstance(memcg.type, MemcgType):
        raise fb.error(
            args["memcg"],
            f"declare_oom() needs a MemCgroup, got {memcg.type}",
            "resolve a cgroup id with MemCgroup.from_cgroup_id(id); declare_oom(None) declares a system-wide OOM",
        )
    order = _literal(fb, args.get("order"), int, 0, "order")
    if not 0 <= order <= 10:
        raise fb.error(args["order"], "order must be between 0 and 10 (MAX_PAGE_ORDER)")
    wait = _literal(fb, args.get("wait"), bool, True, "wait")
    flags = BPF_OOM_FLAGS_WAIT_ON_OOM_LOCK if wait else 0
    return H.Intrinsic(I32, fb.loc(node), "psi_declare_oom", [memcg], (order, flags, system))


ANNOTATION_RULES[_PsiMarker] = psi_annotation
EXPR_METHOD_RULES[PsiType] = psi_method
METHOD_RULES[_Marker] = memcg_static_method
CALL_RULES[_PsiBuiltin] = builtin_call
