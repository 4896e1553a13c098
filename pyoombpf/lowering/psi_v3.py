"""PSI policies in the object, BPF PSI v3 ("mm: BPF OOM" v3 has no ``bpf_psi_ops``).

v3 kernels call TRACING programs on the ``psi_avgs_work`` BTF tracepoint after each PSI averaging run (about every
2 s per active PSI group) and let them declare OOMs.  A policy written with triggers becomes two programs:

* ``SEC("syscall") <policy>_init``: the policy's ``init``.  User space runs it once at attach time (BPF_PROG_RUN),
  as the v2 kernel runs ``init`` at registration; a non-zero result refuses the attachment.  Each
  ``psi.create_trigger(...)`` checks its arguments as the kernel does and records the trigger in the hidden array
  map ``_pyoombpf_psi`` (``MAX_TRIGGERS`` slots): cgroup id (0: the system; the root cgroup's id means the same),
  PSI state, threshold, window.
* ``SEC("tp_btf.s/psi_avgs_work") <policy>_psi_avgs_work``: for each recorded trigger of the group that was just
  averaged, a window runs from one tick to the first tick at least ``window_us`` later; when it ends, the trigger
  fires if the group's stall time in it (``group->total[PSI_AVGS][state]``) reached ``threshold_us`` per
  ``window_us``, and ``on_event`` runs with that trigger.  (The kernel's own triggers measure sliding windows
  with finer ticks; this checks whole windows at the averaging ticks.)  A window older than ``STALE_NS`` (the
  group was idle: no ticks) starts over.

The tracepoint's prototype comes from the kernel's BTF, or pyoombpf/btf/data/psi_v3.h where the kernel lacks it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import llvmlite.ir as ir

from pyoombpf import uapi
from pyoombpf.btf import types as B
from pyoombpf.dsl.psi import PSI_V3_TRACEPOINT, v3_programs
from pyoombpf.errors import LoweringError
from pyoombpf.hir import intrinsics as I
from pyoombpf.hir import nodes as H
from pyoombpf.lowering.context import Lowering
from pyoombpf.lowering.maps import MAP_LOOKUP_ELEM
from pyoombpf.lowering.policy import I32, I64, NULL, PTR, PolicyLowering
from pyoombpf.lowering.struct_ops import EntryProgram, c_identifier
from pyoombpf.types.core import U32, U64, BoolType, IntType, VoidType
from pyoombpf.types.records import RecordType, layout

MAX_TRIGGERS = 16
TRIGGER_MAP = "_pyoombpf_psi"
#: kernel/sched/psi.c: trigger windows are 500 ms .. 10 s, thresholds 1 us .. the window
WINDOW_MIN_US, WINDOW_MAX_US = uapi.PSI_WINDOW_MIN_US, uapi.PSI_WINDOW_MAX_US
STALE_NS = 1000 * 1_000_000_000
KTIME_GET_NS = uapi.HELPER_KTIME_GET_NS
EINVAL, ENOENT, ENOSPC = uapi.EINVAL, uapi.ENOENT, uapi.ENOSPC

_FIELDS: list[tuple[str, IntType | BoolType]] = [
    ("cgroup_id", U64),
    ("state", U32),
    ("active", U32),
    ("threshold_us", U64),
    ("window_us", U64),
    ("start_ns", U64),
    ("start_total", U64),
]
_INDEX = {name: i for i, (name, _) in enumerate(_FIELDS)}


class _TriggerRecord:
    """The hidden map's value type (pyoombpf's record of one trigger)."""

    __pyoombpf_record__ = RecordType("pyoombpf_psi_trigger", *layout(_FIELDS))


class _Ref:
    """The hidden map, shaped like a module map reference (what :class:`~pyoombpf.lowering.maps.Maps` takes)."""

    def __init__(self) -> None:
        from pyoombpf.dsl.maps import ArrayMap

        self.decl = ArrayMap(_TriggerRecord, max_entries=MAX_TRIGGERS, name=TRIGGER_MAP)
        self.name = TRIGGER_MAP


def _triggers(pl: PolicyLowering) -> Any:
    """The module's one trigger map (the init program, the rules and the tracepoint program share it)."""
    return pl.hidden(TRIGGER_MAP, _Ref)


# --------------------------------------------------------------------------------------------- the programs


def add_psi_programs(pl: PolicyLowering, callbacks: dict[str, H.Function], policy_name: str, states: Any) -> str:
    """The init and tracepoint programs of a policy (``callbacks``: policy method -> HIR function); ``states``
    are the PSI states its triggers watch.  Returns the symbol the program names derive from."""
    ml = pl.ml
    symbol = c_identifier(policy_name)
    init_name, tick_name = v3_programs(symbol)
    ml.reserve_name(init_name)
    ml.reserve_name(tick_name)
    _init_entry(pl, callbacks["init"], init_name)
    _tick_entry(pl, callbacks["on_event"], tick_name, sorted(states))
    return symbol


def _init_entry(pl: PolicyLowering, init: H.Function, name: str) -> None:
    """``SEC("syscall") int <name>(void *ctx) { return init(NULL); }``."""
    e = EntryProgram(pl.ml, name, "syscall", init)
    rc = e.b.call(pl.ml.function_for(init), [NULL])
    e.b.ret(_as_i32(e.b, rc, init.return_type))


def _as_i32(b: ir.IRBuilder, v: ir.Value, t: Any) -> ir.Value:
    assert isinstance(t, IntType)
    if t.bits > 32:
        return b.trunc(v, I32)
    if t.bits < 32:
        return b.sext(v, I32) if t.signed else b.zext(v, I32)
    return v


def _tick_entry(pl: PolicyLowering, on_event: H.Function, name: str, states: list[str]) -> None:
    """``SEC("tp_btf.s/psi_avgs_work") int <name>(u64 *ctx)``: check this group's triggers, run ``on_event``."""
    if not isinstance(on_event.return_type, VoidType):
        raise LoweringError("internal: on_event must return None", on_event.loc)
    nargs = _tracepoint_params(pl)
    e: Any = EntryProgram(pl.ml, name, f"tp_btf.s/{PSI_V3_TRACEPOINT}", on_event)  # the helpers take it as fl
    b = e.b
    group = b.load(e.fn.args[0], typ=PTR)  # the tracepoint's argument: struct psi_group *
    if nargs != 1:
        raise LoweringError(f"the {PSI_V3_TRACEPOINT} tracepoint takes {nargs} arguments; pyoombpf knows 1 (group)")
    psi_group = pl.struct("psi_group")
    group_id = pl.read(e, group, psi_group, ["cgroup_id"])
    totals = [(pl.types.enum_value(s)[1], _total(pl, e, group, psi_group, s)) for s in states]
    now = pl.ml.maps.helper(e, KTIME_GET_NS, I64, [])
    handler = pl.ml.function_for(on_event)

    def each(slot: ir.Value) -> None:
        mine = b.and_(
            b.icmp_unsigned("!=", _field(b, slot, "active"), ir.Constant(I32, 0)),
            b.icmp_unsigned("==", _field(b, slot, "cgroup_id"), group_id),
        )
        with b.if_then(mine):
            total = _select_total(b, _field(b, slot, "state"), totals)
            with b.if_then(_window_fired(b, slot, now, total)):
                b.call(handler, [slot])

    _for_each_slot(pl, e, each)
    b.ret(ir.Constant(I32, 0))


def _tracepoint_params(pl: PolicyLowering) -> int:
    """The tracepoint's arguments after ``void *__data``, from its BTF typedef (kernel first, else bundled)."""
    t = B.strip(pl.types.typedef(f"btf_trace_{PSI_V3_TRACEPOINT}").target)
    proto = B.strip(t.target) if isinstance(t, B.Ptr) else t
    if not isinstance(proto, B.FuncProto):
        raise LoweringError(f"btf_trace_{PSI_V3_TRACEPOINT} is not a function pointer type")
    return len(proto.params) - 1


def _total(pl: PolicyLowering, e: Any, group: ir.Value, psi_group: B.Struct, state: str) -> ir.Value:
    """``group->total[PSI_AVGS][state]``: CO-RE for the member, the indices from the enums.  BTF may describe
    the array flat (``u64[12]``) or nested; PSI_AVGS is 0, so the row length never matters."""
    base, t = pl.address(e, group, psi_group, ["total"])
    arr = B.strip(t)
    if not isinstance(arr, B.Array):
        raise LoweringError("the kernel's psi_group.total is not an array")
    inner = B.strip(arr.elem)
    row = inner.nelems if isinstance(inner, B.Array) else arr.nelems // pl.types.enum_value("NR_PSI_AGGREGATORS")[1]
    index = pl.types.enum_value("PSI_AVGS")[1] * row + pl.types.enum_value(state)[1]
    cell = e.b.gep(base, [ir.Constant(I64, 8 * index)], inbounds=True, source_etype=ir.IntType(8))
    return e.b.load(cell, typ=I64)


def _select_total(b: ir.IRBuilder, state: ir.Value, totals: list[tuple[int, ir.Value]]) -> ir.Value:
    out: ir.Value = ir.Constant(I64, 0)
    for index, value in totals:
        out = b.select(b.icmp_unsigned("==", state, ir.Constant(I32, index)), value, out)
    return out


def _field(b: ir.IRBuilder, slot: ir.Value, name: str) -> ir.Value:
    i = _INDEX[name]
    ty = I64 if _FIELDS[i][1] == U64 else I32
    return b.load(_field_addr(b, slot, name), typ=ty)


def _field_addr(b: ir.IRBuilder, slot: ir.Value, name: str) -> ir.Value:
    rt = _TriggerRecord.__pyoombpf_record__
    offset = rt.fields[_INDEX[name]].offset
    return b.gep(slot, [ir.Constant(I64, offset)], inbounds=True, source_etype=ir.IntType(8))


def _window_fired(b: ir.IRBuilder, slot: ir.Value, now: ir.Value, total: ir.Value) -> ir.Value:
    """End the trigger's window if it is over (start a new one), and say whether it fired."""
    start = _field(b, slot, "start_ns")
    elapsed = b.sub(now, start)
    fresh = b.or_(
        b.icmp_unsigned("==", start, ir.Constant(I64, 0)), b.icmp_unsigned(">", elapsed, ir.Constant(I64, STALE_NS))
    )
    window_us = _field(b, slot, "window_us")
    over = b.icmp_unsigned(">=", elapsed, b.mul(window_us, ir.Constant(I64, 1000)))
    stalled = b.sub(total, _field(b, slot, "start_total"))
    fired = b.icmp_unsigned(">=", b.mul(stalled, window_us), b.mul(_field(b, slot, "threshold_us"), elapsed))
    restart = b.or_(fresh, over)
    with b.if_then(restart):
        b.store(now, _field_addr(b, slot, "start_ns"))
        b.store(total, _field_addr(b, slot, "start_total"))
    return b.and_(b.and_(over, b.not_(fresh)), fired)


def _for_each_slot(pl: PolicyLowering, fl: Any, body: Callable[[ir.Value], None]) -> None:
    """``for i in range(MAX_TRIGGERS): slot = lookup(_pyoombpf_psi, i); if slot: body(slot)``."""
    b = fl.b
    maps = pl.ml.maps
    g = maps.global_for(_triggers(pl))
    # the counter never has its address taken (it stays in a register the verifier tracks exactly); the map key
    # is a copy in its own slot
    index = fl.alloca(I32, "psi.slot")
    key = fl.alloca(I32, "psi.key")
    b.store(ir.Constant(I32, 0), index)
    cond, loop, nxt, done = (fl.new_block(n) for n in ("psi.cond", "psi.loop", "psi.next", "psi.done"))
    b.branch(cond)
    fl.continue_in(cond)
    b.cbranch(b.icmp_unsigned("<", b.load(index, typ=I32), ir.Constant(I32, MAX_TRIGGERS)), loop, done)
    fl.continue_in(loop)
    b.store(b.load(index, typ=I32), key)
    slot = maps.helper(fl, MAP_LOOKUP_ELEM, PTR, [g, key])
    with b.if_then(b.icmp_unsigned("!=", slot, NULL)):
        body(slot)
    b.branch(nxt)
    fl.continue_in(nxt)
    b.store(b.add(b.load(index, typ=I32), ir.Constant(I32, 1)), index)
    b.branch(cond)
    fl.continue_in(done)


# --------------------------------------------------------------------------------------------- intrinsic rules


def lower_v3_create_trigger(fl: Lowering, e: H.Intrinsic) -> Any:
    """Check the arguments as the kernel's psi_trigger_create() does, then record the trigger in a free slot:
    0, ``-EINVAL`` (window/threshold), ``-ENOENT`` (no such cgroup) or ``-ENOSPC`` (all slots taken)."""
    pl = PolicyLowering.of(fl)
    cgroup_id, threshold, window = (fl.expr(a) for a in e.args)
    fl.at(e.loc)
    b = fl.b
    state = pl.types.enum_value(e.data)[1]
    thr, win = b.zext(threshold, I64), b.zext(window, I64)
    rc = fl.alloca(I32, "psi.rc")
    b.store(ir.Constant(I32, -EINVAL), rc)
    ok = _all(
        b,
        b.icmp_unsigned(">=", win, ir.Constant(I64, WINDOW_MIN_US)),
        b.icmp_unsigned("<=", win, ir.Constant(I64, WINDOW_MAX_US)),
        b.icmp_unsigned("!=", thr, ir.Constant(I64, 0)),
        b.icmp_unsigned("<=", thr, win),
    )
    with b.if_then(ok):
        b.store(ir.Constant(I32, -ENOENT), rc)
        group_id = _group_id(fl, pl, cgroup_id)
        with b.if_then(b.icmp_unsigned("!=", group_id, ir.Constant(I64, -1))):
            b.store(ir.Constant(I32, -ENOSPC), rc)
            record = {"cgroup_id": group_id, "state": ir.Constant(I32, state), "active": ir.Constant(I32, 1)}
            record |= {"threshold_us": thr, "window_us": win, "start_ns": ir.Constant(I64, 0)}
            record |= {"start_total": ir.Constant(I64, 0)}
            _claim_slot(fl, pl, rc, record)
    return b.load(rc, typ=I32)


def _all(b: ir.IRBuilder, *conds: ir.Value) -> ir.Value:
    out = conds[0]
    for c in conds[1:]:
        out = b.and_(out, c)
    return out


def _group_id(fl: Lowering, pl: PolicyLowering, cgroup_id: ir.Value) -> ir.Value:
    """The PSI group's id for a trigger on ``cgroup_id``: 0 for the system (0, or the root cgroup, whose group
    is the system's), the id itself for another existing cgroup, -1 if there is no such cgroup."""
    b = fl.b
    out = fl.alloca(I64, "psi.group")
    b.store(ir.Constant(I64, 0), out)
    with b.if_then(b.icmp_unsigned("!=", cgroup_id, ir.Constant(I64, 0))):
        b.store(ir.Constant(I64, -1), out)
        cgrp = pl.kfunc(fl, "bpf_cgroup_from_id", [cgroup_id])
        with b.if_then(b.icmp_unsigned("!=", cgrp, NULL)):
            level = pl.read(fl, cgrp, pl.struct("cgroup"), ["level"])
            root = b.icmp_signed("==", level, ir.Constant(level.type, 0))
            b.store(b.select(root, ir.Constant(I64, 0), cgroup_id), out)
            pl.kfunc(fl, "bpf_cgroup_release", [cgrp])
    return b.load(out, typ=I64)


def _claim_slot(fl: Lowering, pl: PolicyLowering, rc: ir.Value, record: dict[str, ir.Value]) -> None:
    b = fl.b
    claimed = fl.alloca(I32, "psi.claimed")
    b.store(ir.Constant(I32, 0), claimed)

    def take(slot: ir.Value) -> None:
        free = b.and_(
            b.icmp_unsigned("==", b.load(claimed, typ=I32), ir.Constant(I32, 0)),
            b.icmp_unsigned("==", _field(b, slot, "active"), ir.Constant(I32, 0)),
        )
        with b.if_then(free):
            for name, value in record.items():
                b.store(value, _field_addr(b, slot, name))
            b.store(ir.Constant(I32, 1), claimed)
            b.store(ir.Constant(I32, 0), rc)

    _for_each_slot(pl, fl, take)


def lower_v3_trigger_cgroup_id(fl: Lowering, e: H.Intrinsic) -> Any:
    slot = fl.expr(e.args[0])
    fl.at(e.loc)
    return _field(fl.b, slot, "cgroup_id")


def install(table: I.Table[Any]) -> None:
    """BPF PSI v3: triggers recorded in the hidden map by ``init`` and checked by the tracepoint program."""
    from pyoombpf.lowering import psi

    psi.install_shared(table)
    table.add_all({I.PSI_CREATE_TRIGGER: lower_v3_create_trigger, I.PSI_TRIGGER_CGROUP_ID: lower_v3_trigger_cgroup_id})
