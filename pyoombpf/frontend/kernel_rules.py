"""Typing rules for kernel objects: ``ktypes`` annotations, member reads, array indexing, kfunc calls.

Every kernel name is checked against the type source (the running kernel's BTF, then the bundled ABI
description), so a misspelt member or kfunc is a located compile error, not a load failure.
"""

from __future__ import annotations

import ast
from typing import Any

from pyoombpf.btf import types as B
from pyoombpf.btf.errors import TypeNotFoundError
from pyoombpf.dsl.kernel import Available, KfuncRef, KTypeRef, NowNs
from pyoombpf.errors import FrontendError
from pyoombpf.frontend.builder import FunctionBuilder
from pyoombpf.frontend.tables import (
    ANNOTATION_RULES,
    ATTR_RULES,
    CALL_RULES,
    SUBSCRIPT_RULES,
)
from pyoombpf.hir import intrinsics as I
from pyoombpf.hir import nodes as H
from pyoombpf.plain import Frozen
from pyoombpf.types.core import BOOL, U64, VOID, IntType, Type, is_integral, show_int
from pyoombpf.types.csig import CType, KfuncSig, UnsupportedCType, kfunc_sig
from pyoombpf.types.kernel import KArray, KPtr, UnsupportedMember, member_type


class FieldAccess(Frozen):
    """``base.a.b``: the member path (anonymous members included) from the base struct."""

    __slots__ = _fields = ("struct", "path", "name", "result")
    struct: B.Struct
    path: tuple[tuple[int, B.Member], ...]
    name: str
    result: Type

    def __init__(self, struct: B.Struct, path: tuple[tuple[int, B.Member], ...], name: str, result: Type) -> None:
        self._set(struct=struct, path=path, name=name, result=result)


class KfuncCall(Frozen):
    """A resolved kfunc: its C signature (for the extern) and the language types of parameters and result."""

    __slots__ = _fields = ("sig", "param_types", "ret_type")
    sig: KfuncSig
    param_types: tuple[Type, ...]
    ret_type: Type

    def __init__(self, sig: KfuncSig, param_types: tuple[Type, ...], ret_type: Type) -> None:
        self._set(sig=sig, param_types=param_types, ret_type=ret_type)

    @property
    def name(self) -> str:
        return self.sig.name


def _types(fb: FunctionBuilder) -> Any:
    return fb.program.types


def struct_ptr(fb: FunctionBuilder, node: ast.AST, ref: KTypeRef) -> KPtr:
    try:
        s = _types(fb).union(ref.name) if ref.union else _types(fb).struct(ref.name)
    except TypeNotFoundError as e:
        raise fb.error(node, f"unknown kernel type {'union' if ref.union else 'struct'} {ref.name}: {e}") from None
    return KPtr(s)


#: Convenience members that are not BTF members (``task.oom_score_adj`` for ``task.signal.oom_score_adj``):
#: ``(struct name, attribute) -> rule(builder, node, base)``.
VIRTUAL_ATTRS: dict[tuple[str, str], Any] = {}


def attr_rule(fb: FunctionBuilder, node: ast.Attribute, base: H.Expr) -> H.Expr:
    t = base.type
    assert isinstance(t, KPtr)
    virtual = VIRTUAL_ATTRS.get((t.struct.name, node.attr))
    if virtual is not None:
        return virtual(fb, node, base)
    path = t.struct.find(node.attr)
    if path is None:
        near = _near(node.attr, t.struct.member_names())
        raise fb.error(
            node,
            f"{t.struct.keyword} {t.struct.name} has no member {node.attr!r}",
            *([f"did you mean {near!r}?"] if near else []),
        )
    member = path[-1][1]
    if member.is_bitfield:
        raise fb.error(node, f"{t.struct.name}.{node.attr} is a bitfield; bitfield members cannot be read yet")
    try:
        result = member_type(member.type)
    except UnsupportedMember as e:
        raise fb.error(node, f"cannot read {t.struct.name}.{node.attr}: {e}") from None
    access = FieldAccess(t.struct, path, node.attr, result)
    return H.Intrinsic(result, fb.loc(node), I.FIELD, [base], access)


def subscript_array(fb: FunctionBuilder, node: ast.Subscript, base: H.Expr) -> H.Expr:
    t = base.type
    assert isinstance(t, KArray)
    index = fb.expr(node.slice)
    if not is_integral(index.type):
        raise fb.error(node.slice, f"array index must be an integer, not {index.type}")
    if isinstance(index, H.Const):
        if not 0 <= index.value < t.nelems:
            raise fb.error(node.slice, f"index {show_int(index.value)} is out of range for {t} (0..{t.nelems - 1})")
        index = H.Const(IntType(32, False), index.loc, index.value)
    elif isinstance(index.type, IntType) and index.type.signed:
        index = H.Convert(IntType(64, False), index.loc, index)  # a negative index reads as huge: out of range
    else:
        index = fb.coerce(index, IntType(64, False), node.slice, "an array index")
    return H.Intrinsic(t.elem, fb.loc(node), I.ARRAY_INDEX, [base, index], t)


# --------------------------------------------------------------------------------------------- kfuncs


#: kfuncs the kernel refuses in some programs: ``name -> (the modes of those programs, why)``.
FORBIDDEN_KFUNCS: dict[str, tuple[frozenset[str], str]] = {
    "bpf_out_of_memory": (
        I.OOM_MODES,
        "the kernel does not allow declaring an OOM from inside an OOM handler (it would recurse into "
        "out_of_memory()); call it from a PSI handler or a SYSCALL program",
    ),
}


def kfunc_rule(fb: FunctionBuilder, node: ast.Call, ref: KfuncRef) -> H.Expr:
    forbidden = FORBIDDEN_KFUNCS.get(ref.name)
    if forbidden is not None and fb.program.mode in forbidden[0]:
        raise fb.error(node.func, f"{ref.name}() cannot be called here: {forbidden[1]}")
    call = resolve_kfunc(fb, node.func, ref.name)
    if node.keywords:
        raise fb.error(node.keywords[0], f"{ref.name}() takes positional arguments only", cls=FrontendError)
    params = call.param_types
    if len(node.args) != len(params):
        raise fb.error(
            node,
            f"{ref.name}() takes {len(params)} argument(s), {len(node.args)} given",
            f"kernel prototype: {describe_sig(call.sig)}",
        )
    args = []
    for a, (pname, _), pt in zip(node.args, call.sig.params, params, strict=True):
        args.append(kfunc_arg(fb, a, fb.expr(a, pt), pt, f"argument {pname!r} of {ref.name}()"))
    return H.Intrinsic(call.ret_type, fb.loc(node), I.KFUNC, args, call)


def kfunc_arg(fb: FunctionBuilder, node: ast.AST, value: H.Expr, want: Type, what: str) -> H.Expr:
    if isinstance(want, KPtr):
        if isinstance(value.type, KPtr) and value.type == want:
            return value
        raise fb.error(node, f"{what} needs {want}, got {value.type}")
    return fb.coerce(value, want, node, what)


def resolve_kfunc(fb: FunctionBuilder, node: ast.AST, name: str) -> KfuncCall:
    cache = fb.program.kfunc_cache
    if name in cache:
        return cache[name]
    try:
        func = _types(fb).kfunc(name)
    except TypeNotFoundError as e:
        raise fb.error(node, f"unknown kfunc {name}: {e}", *_helper_note(name)) from None
    proto = B.strip(func.proto)
    if not isinstance(proto, B.FuncProto):
        raise fb.error(node, f"{name} has no usable prototype in BTF")
    try:
        sig = kfunc_sig(_types(fb), name)
        params = tuple(_sem(p.type) for p in proto.params)
        ret = VOID if sig.ret.kind == "void" else _sem(proto.ret)
    except (UnsupportedMember, UnsupportedCType) as e:
        raise fb.error(node, f"kfunc {name} cannot be called from pyoombpf: {e}") from None
    call = KfuncCall(sig, params, ret)
    cache[name] = call
    return call


#: BPF helpers (not kfuncs) a policy reaches through a built-in instead: ``helper name -> the built-in``
HELPER_BUILTINS = {"bpf_ktime_get_ns": "now_ns()"}


def _helper_note(name: str) -> tuple[str, ...]:
    builtin = HELPER_BUILTINS.get(name)
    if builtin is None:
        return ()
    return (f"{name} is a BPF helper, not a kfunc: call the built-in {builtin} (from pyoombpf import {builtin[:-2]})",)


def _sem(t: B.Type) -> Type:
    s = B.strip(t)
    if isinstance(s, B.Ptr):
        target = B.strip(s.target)
        if isinstance(target, B.Struct):
            return KPtr(target)
        raise UnsupportedMember(f"parameter of type {B.type_name(s)} is not supported yet")
    return member_type(s)


def describe_sig(sig: KfuncSig) -> str:
    def c(t: CType) -> str:
        if t.kind == "ptr":
            return f"struct {t.struct} *" if t.struct else "void *"
        return t.name or t.kind

    return f"{c(sig.ret)} {sig.name}({', '.join(f'{c(t)} {n}' for n, t in sig.params)})"


def available_rule(fb: FunctionBuilder, node: ast.Call, _fn: Any) -> H.Expr:
    if len(node.args) != 1:
        raise fb.error(node, "available() takes one kfunc, e.g. available(kfuncs.bpf_mem_cgroup_usage)")
    st = fb.static(node.args[0])
    if st is None or not isinstance(st.value, KfuncRef):
        raise fb.error(node.args[0], "available() takes a kfunc, e.g. kfuncs.bpf_mem_cgroup_usage")
    call = resolve_kfunc(fb, node.args[0], st.value.name)
    return H.Intrinsic(BOOL, fb.loc(node), I.KSYM_EXISTS, [], call)


def now_ns_rule(fb: FunctionBuilder, node: ast.Call, _fn: Any) -> H.Expr:
    if node.args or node.keywords:
        raise fb.error(node, "now_ns() takes no arguments")
    return H.Intrinsic(U64, fb.loc(node), I.NOW_NS, [], None)


def _near(name: str, names: tuple[str, ...]) -> str | None:
    import difflib

    m = difflib.get_close_matches(name, names, n=1)
    return m[0] if m else None


def install() -> None:
    """Kernel types, members, arrays and kfunc calls."""
    ANNOTATION_RULES[KTypeRef] = struct_ptr
    ATTR_RULES[KPtr] = attr_rule
    SUBSCRIPT_RULES[KArray] = subscript_array
    CALL_RULES[KfuncRef] = kfunc_rule
    CALL_RULES[Available] = available_rule
    CALL_RULES[NowNs] = now_ns_rule
