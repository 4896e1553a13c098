"""Typing rules of the OOM policy language: ``OomControl``, ``MemCgroup``, ``Task``, verdicts, iterators, kills.

Ownership of memory-cgroup references is decided here and carried out by the lowering: a value of type
``MemCgroup`` either is *fresh* (a new reference: ``oc.memcg``, an iterator's item) and moves into the variable it
is assigned to, or is a *copy* of a variable (then a new reference is acquired for the copy).  Fresh values used
without a variable (``oc.memcg.usage``) are kept in a hidden variable, so every reference has an owner that
releases it.
"""

from __future__ import annotations

import ast
import re
from typing import Any

from pyoombpf.btf import types as B
from pyoombpf.btf.errors import TypeNotFoundError
from pyoombpf.dsl.policy import Marker, Pass
from pyoombpf.errors import FrontendError, TypingError
from pyoombpf.frontend.builder import FunctionBuilder
from pyoombpf.frontend.kernel_rules import VIRTUAL_ATTRS
from pyoombpf.frontend.kernel_rules import attr_rule as kernel_attr_rule
from pyoombpf.frontend.tables import (
    ANNOTATION_RULES,
    ASSIGN_HOOKS,
    ATTR_RULES,
    EXPR_METHOD_RULES,
    FOR_RULES,
    NAME_RULES,
    TEST_HOOKS,
)
from pyoombpf.hir import intrinsics as I
from pyoombpf.hir import nodes as H
from pyoombpf.plain import Frozen
from pyoombpf.types.core import U64, Type
from pyoombpf.types.kernel import KArray, KPtr
from pyoombpf.types.policy import (
    NAME_MAX_COMPARE,
    OOM_CTX,
    VERDICT,
    XATTR_NAME_LIMIT,
    MemcgType,
    OomCtxType,
    TaskRefType,
    VerdictType,
)


class KillInfo(Frozen):
    __slots__ = _fields = ("reason",)
    reason: str

    def __init__(self, reason: str) -> None:
        self._set(reason=reason)


class ReleaseInfo(Frozen):
    """What a release action's call site says beyond its arguments (docs/policies.md, "Releasing memory")."""

    __slots__ = _fields = ("kind", "tag", "seconds", "then")
    kind: str  # "reclaim" | "drop_files" | "freeze"
    tag: str  # drop_files: the [release.<tag>] the operator declared
    seconds: int  # freeze: how long at most
    then: str  # freeze: "thaw" | "kill" when the time is up

    def __init__(self, kind: str, tag: str = "", seconds: int = 0, then: str = "") -> None:
        self._set(kind=kind, tag=tag, seconds=seconds, then=then)


def kernel_struct(fb: FunctionBuilder, node: ast.AST, name: str) -> Any:
    try:
        return fb.program.types.struct(name)
    except TypeNotFoundError as e:
        raise fb.error(node, f"the kernel type struct {name} is unknown here: {e}") from None


def marker_annotation(fb: FunctionBuilder, node: ast.AST, m: Marker) -> Type:
    if m.name == "OomControl":
        return OOM_CTX
    if m.name == "Verdict":
        return VERDICT
    if m.name == "MemCgroup":
        return MemcgType(kernel_struct(fb, node, "mem_cgroup"))
    if m.name == "Task":
        return KPtr(kernel_struct(fb, node, "task_struct"))
    raise fb.error(node, f"{m!r} is not a type")


def pass_value(fb: FunctionBuilder, node: ast.AST, _p: Pass) -> H.Expr:
    return H.Const(VERDICT, fb.loc(node), 0)


def _owned(value: H.Expr) -> bool:
    """A fresh reference (``oc.memcg``, ``memcg.parent`` …: its descriptor says so) that moves into a variable."""
    return isinstance(value, H.Intrinsic) and value.op.fresh


def memcg_assign(fb: FunctionBuilder, value: H.Expr) -> H.Expr:
    """Storing into a MemCgroup variable: fresh references move in, anything else is copied (acquired)."""
    if _owned(value) or (isinstance(value, H.Const) and value.value == 0):
        return value
    return H.Intrinsic(value.type, value.loc, I.MEMCG_COPY, [value])


def fresh_to_var(fb: FunctionBuilder, value: H.Expr, node: ast.AST) -> H.Expr:
    """A fresh reference used directly (``oc.memcg.usage``) is kept in a hidden variable that releases it."""
    return fb.hoist(value, node, "memcg") if _owned(value) else value


def result_type(fb: FunctionBuilder, node: ast.AST, op: I.IntrinsicDef) -> Type:
    """The type of ``op``'s result where its descriptor fixes it (a MemCgroup: the kernel's struct mem_cgroup)."""
    if op.result is I.Result.MEMCG:
        return MemcgType(kernel_struct(fb, node, "mem_cgroup"))
    assert isinstance(op.result, Type), f"{op.key}: the typing rule gives its result type"
    return op.result


def query(fb: FunctionBuilder, node: ast.AST, op: I.IntrinsicDef, args: list[H.Expr], data: Any = None) -> H.Expr:
    """The use of built-in ``op`` at ``node``, its result typed from the descriptor."""
    return H.Intrinsic(result_type(fb, node, op), fb.loc(node), op, args, data)


# --------------------------------------------------------------------------------------------- OomControl

#: ``oc.<name>`` attributes (their lowering reads ``struct oom_control`` member ``name``, or the bridge context's)
OC_ATTRS = I.by_family(I.Family.OOM_CONTROL, I.Form.ATTRIBUTE)


def oc_attr(fb: FunctionBuilder, node: ast.Attribute, oc: H.Expr) -> H.Expr:
    op = OC_ATTRS.get(node.attr)
    if op is not None:
        return query(fb, node, op, [oc], node.attr)
    raise fb.error(
        node,
        f"OomControl has no attribute {node.attr!r}",
        "OomControl has: memcg, attach_cgroup_id, order, gfp_mask, totalpages, victim_exiting, released, kill(), "
        "kill_memcg(), reclaim(), drop_files(), freeze()",
    )


def _reason(fb: FunctionBuilder, node: ast.Call, index: int, what: str) -> str:
    if len(node.args) <= index:
        return what
    arg = node.args[index]
    if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
        raise fb.error(arg, "the kill reason must be a string literal (it is logged by the kernel)")
    if len(arg.value.encode()) > 127 or "\0" in arg.value:
        raise fb.error(arg, "the kill reason must be at most 127 bytes, without NUL")
    return arg.value


def oc_method(fb: FunctionBuilder, node: ast.Call, oc: H.Expr, method: str) -> H.Expr:
    loc = fb.loc(node)
    if method in RELEASE_RULES:
        return RELEASE_RULES[method](fb, node, oc)
    if node.keywords:
        raise fb.error(node.keywords[0], f"oc.{method}() takes positional arguments", cls=FrontendError)
    if method == "kill":
        if not 1 <= len(node.args) <= 2:
            raise fb.error(node, "oc.kill(task, reason) takes a task and a reason string")
        task = fb.expr(node.args[0])
        if not (isinstance(task.type, KPtr) and task.type.struct.name == "task_struct"):
            raise fb.error(node.args[0], f"oc.kill() needs a Task, got {task.type}")
        _no_sleep_under_rcu(fb, node, I.OC_KILL)
        return H.Intrinsic(VERDICT, loc, I.OC_KILL, [oc, task], KillInfo(_reason(fb, node, 1, "pyoombpf policy")))
    if method == "kill_memcg":
        if not 1 <= len(node.args) <= 2:
            raise fb.error(node, "oc.kill_memcg(memcg, reason) takes a MemCgroup and a reason string")
        memcg = fresh_to_var(fb, fb.expr(node.args[0]), node.args[0])
        if not isinstance(memcg.type, MemcgType):
            raise fb.error(node.args[0], f"oc.kill_memcg() needs a MemCgroup, got {memcg.type}")
        _no_sleep_under_rcu(fb, node, I.OC_KILL_MEMCG)
        return H.Intrinsic(
            VERDICT, loc, I.OC_KILL_MEMCG, [oc, memcg], KillInfo(_reason(fb, node, 1, "pyoombpf policy"))
        )
    raise fb.error(
        node.func,
        f"OomControl has no method {method!r}",
        "it has kill(task, reason), kill_memcg(memcg, reason), reclaim(memcg, bytes), drop_files(tag[, bytes]) "
        "and freeze(memcg, seconds=…, then=…)",
    )


def _no_sleep_under_rcu(fb: FunctionBuilder, node: ast.AST, op: I.IntrinsicDef) -> None:
    if op.sleeps and fb.rcu_depth:
        doing = "killing" if op in (I.OC_KILL, I.OC_KILL_MEMCG) else f"{op.key}()"
        raise fb.error(
            node,
            f"{doing} sleeps, so it cannot happen while walking cgroups (an RCU section)",
            "remember the cgroup (e.g. `best = memcg`) and act after the loop",
        )


# --------------------------------------------------------------------------------------------- release actions

#: the longest a policy may freeze a cgroup (the relay thaws or kills it then)
FREEZE_MAX_SECONDS = 3600
FREEZE_THEN = ("thaw", "kill")


def _bridge_only(fb: FunctionBuilder, node: ast.Call, op: I.IntrinsicDef, why: str) -> None:
    """``op`` exists in bridge mode only: a located error when compiling for struct_ops."""
    if fb.program.mode == I.STRUCT_OPS:
        raise fb.error(
            node,
            f"{op.key}() is bridge-only: {why}",
            "compile the policy with mode='bridge' (`pyoombpf run` picks bridge mode on stock kernels), or choose "
            "another action in struct_ops mode (oc.kill, oc.kill_memcg, oc.reclaim with experimental=True)",
        )


def _bytes_arg(fb: FunctionBuilder, node: ast.expr, what: str) -> H.Expr:
    return fb.coerce(fb.expr(node), U64, node, what)


def _positional(fb: FunctionBuilder, node: ast.Call, method: str, usage: str, lo: int, hi: int) -> None:
    if node.keywords:
        raise fb.error(node.keywords[0], f"oc.{method}() takes positional arguments: {usage}", cls=FrontendError)
    if not lo <= len(node.args) <= hi:
        raise fb.error(node, f"{usage} takes {lo if lo == hi else f'{lo} or {hi}'} arguments")


def _memcg_arg(fb: FunctionBuilder, node: ast.expr, method: str) -> H.Expr:
    memcg = fresh_to_var(fb, fb.expr(node), node)
    if not isinstance(memcg.type, MemcgType):
        raise fb.error(node, f"oc.{method}() needs a MemCgroup, got {memcg.type}")
    return memcg


def oc_reclaim(fb: FunctionBuilder, node: ast.Call, oc: H.Expr) -> H.Expr:
    """``oc.reclaim(memcg, nbytes)``: proactive reclaim.  struct_ops mode: the experimental kfunc of pyoombpf's
    test kernel, only with ``@oom_handler(experimental=True)``."""
    _positional(fb, node, "reclaim", "oc.reclaim(memcg, bytes)", 2, 2)
    if fb.program.mode == I.STRUCT_OPS and not fb.program.experimental:
        raise fb.error(
            node,
            "oc.reclaim() in struct_ops mode needs @oom_handler(experimental=True): it calls "
            "bpf_oom_reclaim_memcg, pyoombpf's proposal beyond the upstream v3 series (only pyoombpf's test "
            "kernel has it)",
            "in bridge mode (stock kernels) the relay reclaims for the policy, no flag needed",
        )
    memcg = _memcg_arg(fb, node.args[0], "reclaim")
    nbytes = _bytes_arg(fb, node.args[1], "the bytes to reclaim")
    _no_sleep_under_rcu(fb, node, I.OC_RECLAIM)
    return H.Intrinsic(VERDICT, fb.loc(node), I.OC_RECLAIM, [oc, memcg, nbytes], ReleaseInfo("reclaim"))


def oc_drop_files(fb: FunctionBuilder, node: ast.Call, oc: H.Expr) -> H.Expr:
    """``oc.drop_files(tag[, nbytes])``: the relay deletes files of the directory declared as ``[release.<tag>]``."""
    _positional(fb, node, "drop_files", 'oc.drop_files("tag"[, bytes])', 1, 2)
    _bridge_only(
        fb,
        node,
        I.OC_DROP_FILES,
        "deleting files is done by pyoombpf's relay in user space; the kernel's OOM handler interface has no way "
        "to delete files",
    )
    arg = node.args[0]
    if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
        raise fb.error(arg, "oc.drop_files() takes the tag of a [release.<tag>] section as a string literal")
    if not TAG_RE.fullmatch(arg.value):
        raise fb.error(arg, "a release tag is 1-63 letters, digits, '_' or '-' (the [release.<tag>] section's name)")
    nbytes = _bytes_arg(fb, node.args[1], "the bytes to free") if len(node.args) > 1 else H.Const(U64, fb.loc(node), 0)
    return H.Intrinsic(VERDICT, fb.loc(node), I.OC_DROP_FILES, [oc, nbytes], ReleaseInfo("drop_files", tag=arg.value))


def oc_freeze(fb: FunctionBuilder, node: ast.Call, oc: H.Expr) -> H.Expr:
    """``oc.freeze(memcg, seconds=10, then="thaw")``: the relay freezes the cgroup and, after ``seconds``, thaws
    it or kills its processes."""
    _bridge_only(
        fb,
        node,
        I.OC_FREEZE,
        "a frozen cgroup must be thawed or killed later, which needs a process that outlives the OOM: pyoombpf's "
        "relay; the kernel's OOM handler interface has no freezer",
    )
    if len(node.args) != 1:
        raise fb.error(node, 'oc.freeze(memcg, seconds=10, then="thaw") takes one MemCgroup and keywords')
    seconds, then = 10, "thaw"
    for kw in node.keywords:
        v = kw.value
        if kw.arg == "seconds" and isinstance(v, ast.Constant) and type(v.value) is int:
            if not 1 <= v.value <= FREEZE_MAX_SECONDS:
                raise fb.error(v, f"a cgroup is frozen for 1 to {FREEZE_MAX_SECONDS} seconds")
            seconds = v.value
        elif kw.arg == "then" and isinstance(v, ast.Constant) and v.value in FREEZE_THEN:
            then = str(v.value)
        else:
            raise fb.error(
                kw, 'oc.freeze() takes seconds=<integer literal> and then="thaw" or then="kill"', cls=FrontendError
            )
    memcg = _memcg_arg(fb, node.args[0], "freeze")
    return H.Intrinsic(
        VERDICT, fb.loc(node), I.OC_FREEZE, [oc, memcg], ReleaseInfo("freeze", seconds=seconds, then=then)
    )


TAG_RE = re.compile(r"[A-Za-z0-9_-]{1,63}")
RELEASE_RULES = {"reclaim": oc_reclaim, "drop_files": oc_drop_files, "freeze": oc_freeze}


# --------------------------------------------------------------------------------------------- MemCgroup


#: ``memcg.<name>`` attributes (``usage``, ``parent`` …): a new one needs no typing code, only its descriptor
MEMCG_ATTRS = I.by_family(I.Family.MEMCG, I.Form.ATTRIBUTE)
#: ``memcg.<family>(NAME)``: which built-in reads the counters of which family
MEMCG_COUNTERS = {
    "page_state": I.MEMCG_PAGE_STATE,
    "memory_events": I.MEMCG_MEMORY_EVENTS,
    "vm_events": I.MEMCG_VM_EVENTS,
}


def memcg_attr(fb: FunctionBuilder, node: ast.Attribute, memcg: H.Expr) -> H.Expr:
    memcg = fresh_to_var(fb, memcg, node.value)
    op = MEMCG_ATTRS.get(node.attr)
    if op is not None:
        return query(fb, node, op, [memcg])
    if node.attr in ("name", "path"):
        raise fb.error(
            node,
            f"a MemCgroup has no {node.attr}: policies have no string values (names are compared in place)",
            'compare the name with memcg.name_is("web") or memcg.name_startswith("web-"); to report a cgroup, '
            "record memcg.id and turn it into a path in user space (pyoombpf.runtime.cgroup.cgroup_path(id))",
        )
    return kernel_attr_rule(fb, node, memcg)  # any BTF member of struct mem_cgroup


def memcg_method(fb: FunctionBuilder, node: ast.Call, memcg: H.Expr, method: str) -> H.Expr:
    memcg = fresh_to_var(fb, memcg, node.func)
    if method in ("page_state", "memory_events", "vm_events", "stat"):
        if len(node.args) != 1 or not isinstance(node.args[0], ast.Constant) or not isinstance(node.args[0].value, str):
            raise fb.error(
                node,
                f'memcg.{method}(NAME) takes a kernel enum name as a string, e.g. memcg.page_state("NR_FILE_PAGES")',
            )
        name = node.args[0].value
        try:
            enum, value = fb.program.types.enum_value(name)
        except TypeNotFoundError:
            raise fb.error(node.args[0], f"unknown kernel enum value {name!r}") from None
        family = _STAT_FAMILY.get(enum.name)
        if family is None:
            raise fb.error(node.args[0], f"{name} is a value of enum {enum.name}, which is not a memory statistic")
        if method != "stat" and family != method:
            raise fb.error(
                node.args[0],
                f"{name} is a {enum.name} on this kernel: read it with memcg.{family}(...) or memcg.stat(...)",
            )
        return query(fb, node, MEMCG_COUNTERS[family], [memcg], (name, value))
    if method in ("name_is", "name_startswith"):
        text = _name_literal(fb, node, method)
        _need_kfunc(fb, node.func, "bpf_strcmp" if method == "name_is" else "bpf_strstr", f"memcg.{method}()")
        return query(fb, node, I.MEMCG_NAME_IS if method == "name_is" else I.MEMCG_NAME_STARTSWITH, [memcg], text)
    if method == "xattr_flag":
        return query(fb, node, I.MEMCG_XATTR_FLAG, [memcg], _xattr_name(fb, node))
    raise fb.error(
        node.func,
        f"MemCgroup has no method {method!r}",
        "methods: page_state(NAME), memory_events(NAME), vm_events(NAME), stat(NAME), name_is(TEXT), "
        "name_startswith(TEXT), xattr_flag(NAME), descendants(), tasks()",
    )


def _xattr_name(fb: FunctionBuilder, node: ast.Call) -> str:
    if node.keywords or len(node.args) != 1:
        raise fb.error(node, 'memcg.xattr_flag(NAME) takes one string literal, e.g. memcg.xattr_flag("user.oomd_omit")')
    arg = node.args[0]
    if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
        raise fb.error(arg, "memcg.xattr_flag() reads an xattr named by a string literal")
    name = arg.value
    data = name.encode()
    if not name.startswith("user.") or len(data) > XATTR_NAME_LIMIT or b"\0" in data or name == "user.":
        raise fb.error(
            arg,
            f"an xattr to read must be named user.* (at most {XATTR_NAME_LIMIT} bytes, without NUL)",
            "the kernel lets BPF programs read only user.* xattrs of cgroups (bpf_cgroup_read_xattr)",
        )
    return name


def _need_kfunc(fb: FunctionBuilder, node: ast.AST, kfunc: str, what: str) -> None:
    try:
        fb.program.types.kfunc(kfunc)
    except TypeNotFoundError:
        raise fb.error(
            node,
            f"{what} needs the kernel's {kfunc} kfunc (Linux 6.17+), which the kernel compiled for does not have",
            "compare cgroup ids instead (memcg.id), or compile for a newer kernel",
        ) from None


def _name_literal(fb: FunctionBuilder, node: ast.Call, method: str) -> str:
    if node.keywords or len(node.args) != 1:
        raise fb.error(node, f'memcg.{method}(TEXT) takes one string literal, e.g. memcg.{method}("web")')
    arg = node.args[0]
    if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
        raise fb.error(arg, f"memcg.{method}() compares with a string literal (the text is fixed at compile time)")
    raw = arg.value.encode()
    if not raw and method == "name_startswith":
        raise fb.error(arg, "name_startswith() needs a non-empty prefix (every name starts with '')")
    if len(raw) > NAME_MAX_COMPARE or "\0" in arg.value or "/" in arg.value:
        raise fb.error(
            arg,
            f"a cgroup name to compare must be at most {NAME_MAX_COMPARE} bytes, without NUL or '/'",
            "name_is() compares the cgroup's own directory name, not its path",
        )
    return arg.value


#: which memcg kfunc reads the values of which kernel enum (kernels move counters between them: PGSCAN_* are
#: vm events on 6.x and node stat items later)
_STAT_FAMILY = {
    "node_stat_item": "page_state",
    "memcg_stat_item": "page_state",
    "vm_event_item": "vm_events",
    "memcg_memory_event": "memory_events",
}


def memcg_for(fb: FunctionBuilder, node: ast.For, memcg: H.Expr, call: ast.Call) -> H.Stmt:
    assert isinstance(call.func, ast.Attribute)
    method = call.func.attr
    if node.orelse:
        raise fb.error(node.orelse[0], "`else` on loops is not supported in BPF code", cls=FrontendError)
    if not isinstance(node.target, ast.Name):
        raise fb.error(node.target, "the loop variable must be a plain name", cls=FrontendError)
    memcg = fresh_to_var(fb, memcg, call.func.value)
    name = node.target.id
    if name in fb.vars and (name not in fb.iter_names or name in fb.assigned):
        raise fb.error(node.target, f"the loop variable {name!r} must be a new name (it is already a local)")
    if method == "descendants":
        post = True
        for kw in call.keywords:
            if kw.arg != "post_order" or not isinstance(kw.value, ast.Constant):
                raise fb.error(kw, "descendants() takes only post_order=True/False")
            post = bool(kw.value.value)
        var = H.Var(name, MemcgType(memcg.type.struct), fb.loc(node.target))  # type: ignore[attr-defined]
        op, data = I.MEMCG_DESCENDANTS, post
    elif method == "tasks":
        var = H.Var(name, TaskRefType(kernel_struct(fb, call, "task_struct")), fb.loc(node.target))
        op, data = I.MEMCG_TASKS, None
    else:
        raise fb.error(call.func, f"MemCgroup has no iterator {method!r}; iterate descendants() or tasks()")
    if name in fb.vars:
        fb.retired_vars.append(fb.vars[name])  # an ended loop's variable (checked above): still a local
    fb.vars[name] = var
    fb.iter_names.add(name)
    before = set(fb.assigned)
    fb.assigned.add(name)
    rcu = 1 if op.rcu else 0
    fb.rcu_depth += rcu
    try:
        body = fb.loop_body(node.body)
    finally:
        fb.rcu_depth -= rcu
    fb.assigned = before
    return H.ForIter(fb.loc(node), var, op, memcg, body, data)


def task_attr(op: I.IntrinsicDef) -> Any:
    """The typing rule of a task query without data (``task.oom_score_adj``, ``task.memcg`` …)."""

    def rule(fb: FunctionBuilder, node: ast.Attribute, task: H.Expr) -> H.Expr:
        return query(fb, node, op, [task])

    return rule


def task_rss(fb: FunctionBuilder, node: ast.Attribute, task: H.Expr) -> H.Expr:
    return query(fb, node, I.TASK_RSS, [task], _mm_counters(fb, node, _RSS_COUNTERS))


def task_swap(fb: FunctionBuilder, node: ast.Attribute, task: H.Expr) -> H.Expr:
    return query(fb, node, I.TASK_SWAP, [task], _mm_counters(fb, node, ("MM_SWAPENTS",)))


#: get_mm_rss(): resident file, anonymous and shared-memory pages
_RSS_COUNTERS = ("MM_FILEPAGES", "MM_ANONPAGES", "MM_SHMEMPAGES")


def _mm_counters(fb: FunctionBuilder, node: ast.AST, names: tuple[str, ...]) -> tuple[int, ...]:
    """The indexes of ``mm->rss_stat[]`` counters, from the kernel's (anonymous) enum in BTF."""
    out = []
    for name in names:
        try:
            _enum, value = fb.program.types.enum_value(name)
        except TypeNotFoundError:
            raise fb.error(node, f"the kernel's BTF has no {name} (the mm_struct counter index) here") from None
        out.append(value)
    return tuple(out)


def check_handler(entry: H.Function) -> None:
    """``entry`` has the signature of an ``@oom_handler``: ``(oc: OomControl) -> Verdict``."""
    if len(entry.params) != 1 or not isinstance(entry.params[0].type, OomCtxType):
        raise TypingError(f"an @oom_handler takes one parameter, `oc: OomControl`; {entry.name}() does not", entry.loc)
    if not isinstance(entry.return_type, VerdictType):
        raise TypingError(
            f"an @oom_handler returns a Verdict (PASS, or what oc.kill(...) returned); "
            f"{entry.name}() returns {entry.return_type}",
            entry.loc,
            ("annotate it `-> Verdict` and return PASS or oc.kill(...)",),
        )


#: the task queries whose typing rule computes data (the mm counters they sum); the others need none
TASK_ATTR_RULES = {I.TASK_RSS: task_rss, I.TASK_SWAP: task_swap}


#: ``task.<name>(TEXT)``: the name tests of any struct task_struct
TASK_METHODS = I.by_family(I.Family.TASK, I.Form.METHOD)


def kernel_object_method(fb: FunctionBuilder, node: ast.Call, base: H.Expr, method: str) -> H.Expr:
    """Methods of kernel objects: a task's name tests (``task.comm_is("sshd")``, ``task.comm_startswith("ssh")``),
    for any ``struct task_struct`` (a policy's Task, or a ``ktypes.task_struct`` from a kfunc)."""
    t = base.type
    assert isinstance(t, KPtr)
    op = TASK_METHODS.get(method) if t.struct.name == "task_struct" else None
    if op is not None:
        return query(fb, node, op, [base], _comm_literal(fb, node, t.struct, method))
    raise fb.error(
        node.func,
        f"a value of type {t} has no method {method!r}",
        *(["a task's methods: comm_is(TEXT), comm_startswith(TEXT)"] if t.struct.name == "task_struct" else []),
    )


def _comm_literal(fb: FunctionBuilder, node: ast.Call, task: Any, method: str) -> str:
    if node.keywords or len(node.args) != 1:
        raise fb.error(node, f'task.{method}(TEXT) takes one string literal, e.g. task.{method}("sshd")')
    arg = node.args[0]
    if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
        raise fb.error(arg, f"task.{method}() compares with a string literal (the text is fixed at compile time)")
    raw = arg.value.encode()
    comm = B.strip(task.member("comm").type)
    longest = comm.nelems - 1 if isinstance(comm, B.Array) else 15  # the kernel keeps a NUL at the end
    if not raw and method == "comm_startswith":
        raise fb.error(arg, "comm_startswith() needs a non-empty prefix (every name starts with '')")
    if len(raw) > longest or "\0" in arg.value:
        raise fb.error(
            arg,
            f"a task name to compare must be at most {longest} bytes, without NUL",
            f"the kernel keeps a task's name (task->comm) in {longest + 1} bytes, a NUL included",
        )
    return arg.value


def byte_array_method(fb: FunctionBuilder, node: ast.Call, base: H.Expr, method: str) -> H.Expr:
    """Arrays have no methods; string-like ones point to the name tests that exist."""
    notes = []
    if method in _STRING_METHODS:
        notes.append(
            'kernel char arrays are not strings in BPF code: test a task\'s name with task.comm_is("sshd") or '
            'task.comm_startswith("ssh"), a cgroup\'s with memcg.name_is(...) / memcg.name_startswith(...)'
        )
    raise fb.error(node.func, f"a value of type {base.type} has no method {method!r}", *notes)


_STRING_METHODS = frozenset({"startswith", "endswith", "decode", "find", "strip", "split", "lower", "upper"})


def task_store_hook(fb: FunctionBuilder, value: H.Expr) -> H.Expr:
    if isinstance(value, H.Const):  # None
        return value
    raise TypingError("a Task from memcg.tasks() is valid only inside that loop; keep task.pid instead", value.loc)


def install() -> None:
    """OOM policies: OomControl, MemCgroup, Task and its queries."""
    ANNOTATION_RULES[Marker] = marker_annotation
    NAME_RULES[Pass] = pass_value
    ASSIGN_HOOKS[MemcgType] = memcg_assign
    TEST_HOOKS[MemcgType] = fresh_to_var  # `oc.memcg is None`, `if m.parent:`: the tested reference is released too
    ATTR_RULES[OomCtxType] = oc_attr
    EXPR_METHOD_RULES[OomCtxType] = oc_method
    ATTR_RULES[MemcgType] = memcg_attr
    EXPR_METHOD_RULES[MemcgType] = memcg_method
    EXPR_METHOD_RULES[KPtr] = kernel_object_method
    EXPR_METHOD_RULES[KArray] = byte_array_method
    FOR_RULES[MemcgType] = memcg_for
    ASSIGN_HOOKS[TaskRefType] = task_store_hook
    # task queries are attributes of any struct task_struct (a policy's Task, or one from a kfunc)
    for name, op in I.by_family(I.Family.TASK, I.Form.ATTRIBUTE).items():
        VIRTUAL_ATTRS[("task_struct", name)] = TASK_ATTR_RULES.get(op) or task_attr(op)
