"""Typing rules of PSI policies: ``Psi`` / ``PsiTrigger`` annotations, ``psi.create_trigger(...)``,
``MemCgroup.from_cgroup_id(id)``, ``declare_oom(memcg, order=0, wait=True)``, and the callbacks' signatures.

``Psi`` is a ``struct bpf_psi *`` that only ``create_trigger`` accepts.  Under the v2 ABI ``PsiTrigger`` is a plain
kernel pointer (``struct psi_trigger *``), so ``trigger.cgroup_id`` is an ordinary BTF member read; under v3 the
kernel has no trigger objects and a ``PsiTrigger`` is pyoombpf's own record of one (see lowering/psi_v3.py) with
``cgroup_id`` only.  The memcg from a cgroup id is a fresh owned reference (released by the variable that holds
it), like ``oc.memcg``.
"""

from __future__ import annotations

import ast
from typing import Any

from pyoombpf import uapi
from pyoombpf.btf import types as B
from pyoombpf.dsl.policy import Marker
from pyoombpf.dsl.psi import V3_CALLBACKS, PsiBuiltin, PsiMarker
from pyoombpf.errors import FrontendError, TypingError
from pyoombpf.frontend.builder import FunctionBuilder
from pyoombpf.frontend.policy_rules import fresh_to_var, kernel_struct
from pyoombpf.frontend.tables import (
    ANNOTATION_RULES,
    ATTR_RULES,
    CALL_RULES,
    EXPR_METHOD_RULES,
    METHOD_RULES,
)
from pyoombpf.hir import intrinsics as I
from pyoombpf.hir import nodes as H
from pyoombpf.types.core import I32, U32, U64, IntType, Type, VoidType
from pyoombpf.types.kernel import KPtr
from pyoombpf.types.policy import PSI_EVENT, MemcgType, PsiEventType, PsiType

#: ``bpf_psi_create_trigger``'s resource values (the kernel's enum psi_res) and the "full" bit
PSI_RESOURCES = uapi.PSI_RESOURCES
BPF_PSI_FULL = uapi.BPF_PSI_FULL
#: kernel/sched/psi.c: trigger windows are 500 ms .. 10 s; the threshold must not exceed the window
WINDOW_MIN_US, WINDOW_MAX_US = uapi.PSI_WINDOW_MIN_US, uapi.PSI_WINDOW_MAX_US
BPF_OOM_FLAGS_WAIT_ON_OOM_LOCK = uapi.BPF_OOM_FLAGS_WAIT_ON_OOM_LOCK


#: v3: ``Psi`` stands for nothing the kernel has; a stand-in struct keeps it a pointer type
_V3_PSI = B.Struct("bpf_psi", 0, ())


def _v3(fb: FunctionBuilder) -> bool:
    return fb.program.psi_abi == "v3"


def _need_psi(fb: FunctionBuilder, node: ast.AST, what: str) -> None:
    if fb.program.mode != I.PSI:
        raise fb.error(node, f"{what} belongs to PSI policies (a @psi_policy class), not to this function")


def psi_annotation(fb: FunctionBuilder, node: ast.AST, m: PsiMarker) -> Type:
    _need_psi(fb, node, f"the type {m.name}")
    if m.name == "Psi":
        return PsiType(_V3_PSI if _v3(fb) else kernel_struct(fb, node, "bpf_psi"))
    return PSI_EVENT if _v3(fb) else KPtr(kernel_struct(fb, node, "psi_trigger"))


def psi_event_attr(fb: FunctionBuilder, node: ast.Attribute, trigger: H.Expr) -> H.Expr:
    if node.attr != "cgroup_id":
        raise fb.error(
            node,
            f"under BPF PSI v3 a PsiTrigger has only cgroup_id, not {node.attr!r}",
            "v3 kernels have no trigger objects (struct psi_trigger exists with bpf_psi_ops, BPF PSI v2): "
            "pyoombpf checks the triggers itself",
            "compile with abi='v2' (`pyoombpf compile --abi v2`) to read the kernel's struct psi_trigger",
        )
    return H.Intrinsic(U64, fb.loc(node), I.PSI_TRIGGER_CGROUP_ID, [trigger])


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
    if _v3(fb):
        state = _v3_state(fb, node, resource, full)
        return H.Intrinsic(I32, loc, I.PSI_CREATE_TRIGGER, [cgroup_id, threshold, window_e], state)
    return H.Intrinsic(I32, loc, I.PSI_CREATE_TRIGGER, [psi, cgroup_id, H.Const(U32, loc, code), threshold, window_e])


def _v3_state(fb: FunctionBuilder, node: ast.Call, resource: str, full: bool) -> str:
    """The PSI state a v3 trigger watches (``PSI_MEM_FULL``...), recorded for the tracepoint program."""
    if resource == "irq" and not full:
        raise fb.error(node, 'resource="irq" has only "full" pressure (the kernel has no PSI_IRQ_SOME)')
    state = f"PSI_{'MEM' if resource == 'memory' else resource.upper()}_{'FULL' if full else 'SOME'}"
    try:
        fb.program.types.enum_value(state)
    except Exception:  # noqa: BLE001 - a kernel without the state (PSI_IRQ_FULL needs IRQ time accounting)
        raise fb.error(node, f"the kernel has no PSI state {state} (enum psi_states)") from None
    fb.program.globals_used.setdefault("psi_states", set()).add(state)
    return state


def _window(fb: FunctionBuilder, node: ast.expr) -> int | None:
    if not (isinstance(node, ast.Constant) and isinstance(node.value, int)):
        return None
    if not WINDOW_MIN_US <= node.value <= WINDOW_MAX_US:
        raise fb.error(node, f"window_us must be between {WINDOW_MIN_US} and {WINDOW_MAX_US} (the kernel's PSI limits)")
    return int(node.value)


# --------------------------------------------------------------------------------------------- memcg, declare_oom


def memcg_static_method(fb: FunctionBuilder, node: ast.Call, holder: Marker, method: str) -> H.Expr:
    if holder.name != "MemCgroup" or method != "from_cgroup_id":
        raise fb.error(node.func, f"{holder!r}.{method}() cannot be called in BPF code")
    _need_psi(fb, node.func, "MemCgroup.from_cgroup_id()")
    if node.keywords or len(node.args) != 1:
        raise fb.error(node, "MemCgroup.from_cgroup_id(cgroup_id) takes one cgroup id")
    cgroup_id = fb.coerce(fb.expr(node.args[0]), U64, node.args[0], "the cgroup id")
    memcg = MemcgType(kernel_struct(fb, node, "mem_cgroup"))
    return H.Intrinsic(memcg, fb.loc(node), I.MEMCG_FROM_CGROUP_ID, [cgroup_id])


def builtin_call(fb: FunctionBuilder, node: ast.Call, fn: PsiBuiltin) -> H.Expr:
    if fn.name != "declare_oom":
        raise fb.error(node.func, f"{fn!r} cannot be called in BPF code")
    if fb.program.mode in I.OOM_MODES:
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
    mtype = MemcgType(kernel_struct(fb, node, "mem_cgroup"))
    system = isinstance(args["memcg"], ast.Constant) and args["memcg"].value is None
    if system:  # declare_oom(None): a system-wide OOM, said explicitly
        memcg: H.Expr = H.Const(mtype, fb.loc(args["memcg"]), 0)
    else:
        memcg = fresh_to_var(fb, fb.expr(args["memcg"]), args["memcg"])
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
    return H.Intrinsic(I32, fb.loc(node), I.PSI_DECLARE_OOM, [memcg], (order, flags, system))


# --------------------------------------------------------------------------------------------- callbacks


def check_callback(method: str, func: H.Function) -> None:
    """``func`` has the signature of PSI callback ``method`` (the v2 or v3 one, as it was typed)."""
    params = [p.type for p in func.params]
    if method == "init":
        ok = len(params) == 1 and isinstance(params[0], PsiType) and isinstance(func.return_type, IntType)
        want = "init(psi: Psi) -> i32 (0 = ready; anything else refuses the registration)"
    elif method == "on_event":
        trigger = params[0] if len(params) == 1 else None
        is_trigger = isinstance(trigger, PsiEventType) or (
            isinstance(trigger, KPtr) and trigger.struct.name == "psi_trigger"
        )
        ok = is_trigger and isinstance(func.return_type, VoidType)
        want = "on_event(trigger: PsiTrigger) -> None"
    else:
        ok = len(params) == 1 and params[0] == U64 and isinstance(func.return_type, VoidType)
        want = f"{method}(cgroup_id: u64) -> None"
    if not ok:
        raise TypingError(f"{func.name}() does not have the signature of a PSI callback", func.loc, (f"write {want}",))


def v3_lacks(method: str, fn: Any) -> TypingError | None:
    """The error (at its ``def``) for a callback ``fn`` the v3 interface does not have; None if it has it."""
    if method in V3_CALLBACKS:
        return None
    from pyoombpf.frontend.source import function_source

    sf, node = function_source(fn)
    return TypingError(
        f"{method}() needs BPF PSI v2 (struct bpf_psi_ops): the v3 interface, a program on the psi_avgs_work "
        "tracepoint, has no cgroup callbacks",
        sf.loc(node),
        ("compile with abi='v2' (`pyoombpf compile --abi v2`) for a kernel with bpf_psi_ops, or drop the callback",),
    )


def install() -> None:
    """PSI policies."""
    ANNOTATION_RULES[PsiMarker] = psi_annotation
    ATTR_RULES[PsiEventType] = psi_event_attr
    EXPR_METHOD_RULES[PsiType] = psi_method
    METHOD_RULES[Marker] = memcg_static_method
    CALL_RULES[PsiBuiltin] = builtin_call
