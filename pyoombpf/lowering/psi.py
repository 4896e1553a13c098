"""PSI policies in the object, BPF PSI v2: one ``struct_ops.s/<member>`` program per callback and the
``bpf_psi_ops`` value in ``.struct_ops.link`` (laid out from the ABI's BTF by :meth:`PolicyLowering._ops_map`),
plus the lowering of ``psi.create_trigger``, and for both versions of ``MemCgroup.from_cgroup_id`` and
``declare_oom`` (v3: lowering/psi_v3.py).
"""

from __future__ import annotations

from typing import Any

import llvmlite.ir as ir

from pyoombpf import uapi
from pyoombpf.btf import types as B
from pyoombpf.errors import LoweringError
from pyoombpf.hir import intrinsics as I
from pyoombpf.hir import nodes as H
from pyoombpf.lowering.context import Lowering
from pyoombpf.lowering.policy import I32, I64, NULL, PTR, PolicyLowering
from pyoombpf.lowering.struct_ops import EntryProgram, c_identifier, ops_map
from pyoombpf.types.core import IntType


def add_psi_programs(pl: PolicyLowering, callbacks: dict[str, H.Function], policy_name: str, states: Any) -> str:
    """The v2 object of a policy whose callbacks (policy method -> HIR function) are ``callbacks``."""
    from pyoombpf.dsl.psi import PSI_MEMBERS

    return add_psi_struct_ops(pl, {PSI_MEMBERS[m]: f for m, f in callbacks.items()}, policy_name)


def add_psi_struct_ops(pl: PolicyLowering, programs: dict[str, H.Function], policy_name: str) -> str:
    """``struct bpf_psi_ops <name> SEC(".struct_ops.link")`` with a program for each member in ``programs``
    (member name -> HIR function).  Returns the map's symbol."""
    ml = pl.ml
    symbol = c_identifier(policy_name)
    ml.reserve_name(symbol)
    ops = pl.struct("bpf_psi_ops")
    entries = {}
    for member, func in programs.items():
        found = ops.find(member)
        if found is None:
            raise LoweringError(f"the ABI's struct bpf_psi_ops has no member {member!r}", func.loc)
        proto = B.strip(B.strip(found[-1][1].type).target)  # type: ignore[attr-defined]
        assert isinstance(proto, B.FuncProto)
        entries[member] = _entry(pl, func, f"{symbol}_{member}", member, len(proto.params))
    ops_map(ml, symbol, ops, entries)
    return symbol


def _entry(pl: PolicyLowering, func: H.Function, name: str, member: str, nargs: int) -> ir.Function:
    """``SEC("struct_ops.s/<member>") int name(u64 *ctx)``: the kernel's arguments come in ``ctx[0..n-1]``."""
    ml = pl.ml
    e = EntryProgram(ml, ml.unique_name(name), f"struct_ops.s/{member}", func)
    b = e.b
    if len(func.params) != nargs:
        raise LoweringError(f"internal: {func.name}() has {len(func.params)} parameters, the member {nargs}", func.loc)
    args = []
    for i, p in enumerate(func.params):
        slot = e.ctx_word(i)
        if isinstance(p.type, IntType):
            raw = b.load(slot, typ=I64)
            args.append(b.trunc(raw, ir.IntType(p.type.bits)) if p.type.bits < 64 else raw)
        else:
            args.append(b.load(slot, typ=PTR))
    result = b.call(ml.function_for(func), args)
    rt = func.return_type
    if isinstance(rt, IntType):
        bits = rt.bits
        if bits > 32:
            result = b.trunc(result, I32)
        elif bits < 32:
            result = b.sext(result, I32) if rt.signed else b.zext(result, I32)
        b.ret(result)
    else:
        b.ret(ir.Constant(I32, 0))
    return e.fn


# --------------------------------------------------------------------------------------------- intrinsic rules


def _int_arg(pl: PolicyLowering, kfunc: str, index: int) -> ir.IntType:
    return pl.int_param(kfunc, index, 64)


def _fit(fl: Lowering, v: ir.Value, ty: ir.IntType) -> ir.Value:
    if v.type.width == ty.width:
        return v
    return fl.b.trunc(v, ty) if v.type.width > ty.width else fl.b.zext(v, ty)


def lower_psi_create_trigger(fl: Lowering, e: H.Intrinsic) -> Any:
    pl = PolicyLowering.of(fl)
    values = [fl.expr(a) for a in e.args]
    fl.at(e.loc)
    args = [values[0]] + [_fit(fl, v, _int_arg(pl, "bpf_psi_create_trigger", i)) for i, v in enumerate(values) if i]
    return _fit(fl, pl.kfunc(fl, "bpf_psi_create_trigger", args), I32)


def lower_memcg_from_cgroup_id(fl: Lowering, e: H.Intrinsic) -> Any:
    """``cgrp = bpf_cgroup_from_id(id); memcg = cgrp ? bpf_get_mem_cgroup(&cgrp->self) : NULL; release cgrp``."""
    pl = PolicyLowering.of(fl)
    cgroup_id = fl.expr(e.args[0])
    fl.at(e.loc)
    cgrp = pl.kfunc(fl, "bpf_cgroup_from_id", [_fit(fl, cgroup_id, _int_arg(pl, "bpf_cgroup_from_id", 0))])

    def resolve() -> ir.Value:
        css, _ = pl.address(fl, cgrp, pl.struct("cgroup"), ["self"])
        memcg = pl.kfunc(fl, "bpf_get_mem_cgroup", [css])
        pl.kfunc(fl, "bpf_cgroup_release", [cgrp])
        return memcg

    return pl.if_nonnull(fl, cgrp, resolve, NULL)


def lower_psi_declare_oom(fl: Lowering, e: H.Intrinsic) -> Any:
    pl = PolicyLowering.of(fl)
    memcg = fl.expr(e.args[0])
    fl.at(e.loc)
    order, flags, system = e.data

    def declare() -> ir.Value:
        args = [
            NULL if system else _unless_root(fl, pl, memcg),
            ir.Constant(_int_arg(pl, "bpf_out_of_memory", 1), order),
            ir.Constant(_int_arg(pl, "bpf_out_of_memory", 2), flags),
        ]
        return _fit(fl, pl.kfunc(fl, "bpf_out_of_memory", args), I32)

    if system:
        return declare()
    # a MemCgroup that is None at run time (a cgroup gone) must not become a system-wide OOM
    return pl.if_nonnull(fl, memcg, declare, ir.Constant(I32, -uapi.ENOENT))


def _unless_root(fl: Lowering, pl: PolicyLowering, memcg: ir.Value) -> ir.Value:
    """NULL for the root memcg: an OOM declared there is system-wide.  (Upstream v3 would run a memcg OOM on the
    root memcg, whose task walk the kernel does not allow: mem_cgroup_scan_tasks() BUGs on the root.)"""
    parent = pl.read(fl, memcg, pl.struct("mem_cgroup"), ["css", "parent"])
    return fl.b.select(fl.b.icmp_unsigned("==", parent, NULL), NULL, memcg)


def install_shared(table: I.Table[Any]) -> None:
    """What both BPF PSI versions lower alike."""
    table.add_all({I.MEMCG_FROM_CGROUP_ID: lower_memcg_from_cgroup_id, I.PSI_DECLARE_OOM: lower_psi_declare_oom})


def install(table: I.Table[Any]) -> None:
    """BPF PSI v2: the kernel's own triggers (``bpf_psi_create_trigger``); ``trigger.cgroup_id`` is a plain
    member read of the kernel's ``struct psi_trigger``."""
    install_shared(table)
    table.add(I.PSI_CREATE_TRIGGER, lower_psi_create_trigger)
    table.refuse(
        I.PSI_TRIGGER_CGROUP_ID,
        "under BPF PSI v2 a PsiTrigger is the kernel's struct psi_trigger: cgroup_id is a plain member read",
    )
