"""struct_ops lowering of what a policy asks about cgroups and tasks beyond the basics of ``lowering/policy.py``:
``memcg.parent``, ``memcg.name_is()/name_startswith()``, ``task.comm_is()/comm_startswith()``, ``task.rss/swap/memcg``
and ``oc.victim_exiting``.

Which pointers the verifier lets a program hand to ``bpf_get_mem_cgroup`` (KF_RCU: trusted or RCU-protected)
decides the shape of the two reference-producing walks.  A pointer loaded from a kernel struct is trusted only
when the verifier's allow-list says so for that (struct, field): ``cgroup_subsys_state.cgroup``,
``task_struct.cgroups``, ``css_set.dfl_cgrp`` and ``cgroup.kn`` are RCU-protected inside ``bpf_rcu_read_lock()``;
``cgroup_subsys_state.parent`` is not (a load gives an untrusted pointer: "R1 must be a rcu pointer").  So:

* ``memcg.parent`` walks one step up with the css iterator (``BPF_CGROUP_ITER_ANCESTORS_UP``), whose items are
  RCU-protected, and takes the memcg of the second item with ``bpf_get_mem_cgroup``;
* ``task.memcg`` is ``bpf_get_mem_cgroup`` of ``task->cgroups->dfl_cgrp`` (RCU-protected); a cgroup without a
  memory controller walks up the same way (from a reference: the css iterator wants a trusted start) to the
  first that has one (cgroup v2: the task's effective memcg).

Names are compared by the kernel's string kfuncs; plain reads (counters, flags) go through
``PolicyLowering.read`` (CO-RE, NULL-safe).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import llvmlite.ir as ir

from pyoombpf import uapi
from pyoombpf.btf import types as B
from pyoombpf.btf.errors import TypeNotFoundError
from pyoombpf.hir import intrinsics as I
from pyoombpf.hir import nodes as H
from pyoombpf.lowering.context import Lowering
from pyoombpf.lowering.policy import CSS_TASK_ITER_PROCS, I1, I32, I64, NULL, PTR, PolicyLowering, lower_oc_memcg

I8 = ir.IntType(8)

ITER_DESCENDANTS_PRE, ITER_ANCESTORS_UP = uapi.BPF_CGROUP_ITER_DESCENDANTS_PRE, uapi.BPF_CGROUP_ITER_ANCESTORS_UP


def _if(fl: Lowering, cond: ir.Value, then: Callable[[], ir.Value], otherwise: ir.Value) -> ir.Value:
    return fl.value_if(cond, then, otherwise)


def _nonnull(fl: Lowering, v: ir.Value) -> ir.Value:
    return fl.b.icmp_unsigned("!=", v, NULL)


# --------------------------------------------------------------------------------------------- walking up


def _first_memcg_up(fl: Lowering, start_css: ir.Value, *, skip_self: bool, any_level: bool) -> ir.Value:
    """Inside an RCU section: walk ``start_css`` and its ancestors (css iterator, ANCESTORS_UP); return
    ``bpf_get_mem_cgroup`` of the first item that has a memory cgroup (``any_level``), or of the second item
    only (``skip_self`` and not ``any_level``: the parent).  NULL if there is none."""
    pl, b = PolicyLowering.of(fl), fl.b
    result = pl.scratch(fl, "up.memcg", PTR)
    b.store(NULL, result)
    it = pl.scratch_iter(fl, "up.iter", "bpf_iter_css")
    pl.kfunc(fl, "bpf_iter_css_new", [it, start_css, ir.Constant(I32, ITER_ANCESTORS_UP)])
    if skip_self:
        pl.kfunc(fl, "bpf_iter_css_next", [it])
    head, have, done = fl.new_block("up.next"), fl.new_block("up.have"), fl.new_block("up.done")
    b.branch(head)
    fl.continue_in(head)
    pos = pl.kfunc(fl, "bpf_iter_css_next", [it])
    b.cbranch(_nonnull(fl, pos), have, done)
    fl.continue_in(have)
    m = pl.kfunc(fl, "bpf_get_mem_cgroup", [pos])
    b.store(m, result)
    if any_level:
        b.cbranch(_nonnull(fl, m), done, head)  # a cgroup without its own memory controller: look higher
    else:
        b.branch(done)
    fl.continue_in(done)
    pl.kfunc(fl, "bpf_iter_css_destroy", [it])
    return b.load(result, typ=PTR)


def lower_memcg_parent(fl: Lowering, e: H.Intrinsic) -> Any:
    pl = PolicyLowering.of(fl)
    m = fl.expr(e.args[0])
    fl.at(e.loc)

    def parent() -> ir.Value:
        pl.kfunc(fl, "bpf_rcu_read_lock", [])
        r = _first_memcg_up(fl, pl.memcg_css(fl, m), skip_self=True, any_level=False)
        pl.kfunc(fl, "bpf_rcu_read_unlock", [])
        return r

    return _if(fl, _nonnull(fl, m), parent, NULL)


def lower_task_memcg(fl: Lowering, e: H.Intrinsic) -> Any:
    pl = PolicyLowering.of(fl)
    t = fl.expr(e.args[0])
    fl.at(e.loc)

    def memcg() -> ir.Value:
        pl.kfunc(fl, "bpf_rcu_read_lock", [])
        cgrp = pl.read(fl, t, pl.struct("task_struct"), ["cgroups", "dfl_cgrp"])
        r = _if(fl, _nonnull(fl, cgrp), lambda: _memcg_of_cgroup(fl, cgrp), NULL)
        pl.kfunc(fl, "bpf_rcu_read_unlock", [])
        return r

    return _if(fl, _nonnull(fl, t), memcg, NULL)


def _memcg_of_cgroup(fl: Lowering, cgrp: ir.Value) -> ir.Value:
    """The memcg of an RCU-protected cgroup v2 ``cgrp``: its own (``bpf_get_mem_cgroup`` takes RCU pointers), or
    — a cgroup without a memory controller — the nearest ancestor's.  The css iterator wants a trusted start,
    so that walk starts from a reference on the cgroup (``bpf_cgroup_acquire``)."""
    pl = PolicyLowering.of(fl)
    css = pl.address(fl, cgrp, pl.struct("cgroup"), ["self"])[0]
    own = pl.kfunc(fl, "bpf_get_mem_cgroup", [css])

    def from_ancestors() -> ir.Value:
        ref = pl.kfunc(fl, "bpf_cgroup_acquire", [cgrp])

        def walk() -> ir.Value:
            ref_css = pl.address(fl, ref, pl.struct("cgroup"), ["self"])[0]
            m = _first_memcg_up(fl, ref_css, skip_self=True, any_level=True)
            pl.kfunc(fl, "bpf_cgroup_release", [ref])
            return m

        return _if(fl, _nonnull(fl, ref), walk, NULL)

    return _if(fl, fl.b.icmp_unsigned("==", own, NULL), from_ancestors, own)


# --------------------------------------------------------------------------------------------- names


def _name_compare(prefix: bool) -> Any:
    """``bpf_strcmp(kn->name, TEXT) == 0`` / ``bpf_strstr(kn->name, TEXT) == 0`` (the kernel's string kfuncs,
    Linux 6.17+: they read the kernel string safely; ``kn->name`` itself loads as a plain number).  TEXT is a
    read-only global, like a kill reason."""

    def lower(fl: Lowering, e: H.Intrinsic) -> Any:
        pl = PolicyLowering.of(fl)
        m = fl.expr(e.args[0])
        fl.at(e.loc)

        def compare() -> ir.Value:
            name = pl.kn_field(fl, m, "name")
            r = pl.kfunc(fl, "bpf_strstr" if prefix else "bpf_strcmp", [name, pl.message(e.data)])
            return fl.b.icmp_signed("==", r, ir.Constant(r.type, 0))

        return _if(fl, _nonnull(fl, m), compare, ir.Constant(I1, 0))

    return lower


def _comm_compare(prefix: bool) -> Any:
    """``task.comm_is(TEXT)`` / ``task.comm_startswith(TEXT)``: the bytes of ``task->comm`` (a char array inside
    the task, NUL-terminated) against the literal, in place -- each a CO-RE read, no string kfunc needed, so it
    works on every kernel and in both modes.  A NULL task has no name: False."""

    def lower(fl: Lowering, e: H.Intrinsic) -> Any:
        pl, b = PolicyLowering.of(fl), fl.b
        task = fl.expr(e.args[0])
        fl.at(e.loc)
        want = e.data.encode() + (b"" if prefix else b"\0")

        def compare() -> ir.Value:
            comm, t = pl.address(fl, task, pl.struct("task_struct"), ["comm"])
            arr = B.strip(t)
            assert isinstance(arr, B.Array) and len(want) <= arr.nelems
            same: ir.Value = ir.Constant(I1, 1)
            for i, byte in enumerate(want):
                addr = fl.ml.kernel_types.array_element_address(fl, comm, arr, ir.Constant(I64, i))
                same = b.and_(same, b.icmp_unsigned("==", b.load(addr, typ=I8), ir.Constant(I8, byte)))
            return same

        return _if(fl, _nonnull(fl, task), compare, ir.Constant(I1, 0))

    return lower


# --------------------------------------------------------------------------------------------- xattrs

#: the 8-byte buffer the value is read into: the kernel takes a dynptr only over a map value, not the stack.  One
#: for the program: OOM handlers run under the kernel's oom_lock, and the relay runs one decision at a time.
XATTR_MAP = "pyo_xattr"
XATTR_ONE = 0x31  # "1" and seven NULs, little-endian


class _HiddenMap:
    def __init__(self, decl: Any, name: str) -> None:
        self.decl, self.name = decl, name


def _xattr_buffer(fl: Lowering) -> ir.Value:
    """``&pyo_xattr[0]`` (an ``ArrayMap(u64, 1)``), or NULL (never, for an array map; the verifier asks)."""
    from pyoombpf.dsl.maps import ArrayMap
    from pyoombpf.dsl.scalars import u64

    pl = PolicyLowering.of(fl)

    def make() -> _HiddenMap:
        fl.ml.reserve_name(XATTR_MAP)
        return _HiddenMap(ArrayMap(u64, max_entries=1, name=XATTR_MAP), XATTR_MAP)

    ref = pl.hidden("xattr.buffer", make)
    key = pl.scratch(fl, "xattr.key", I32)
    fl.b.store(ir.Constant(I32, 0), key)
    return fl.ml.maps.helper(fl, uapi.HELPER_MAP_LOOKUP_ELEM, PTR, [fl.ml.maps.global_for(ref), key])


def lower_xattr_flag(fl: Lowering, e: H.Intrinsic) -> Any:
    """``bpf_cgroup_read_xattr(cgrp, NAME, dynptr over 8 bytes)`` gave the value ``"1"`` (what systemd writes), and
    the cgroup's kernfs node belongs to root (``kn->iattr->ia_uid``; no iattr: root).  False where the kernel lacks
    the kfunc (it is built only with CONFIG_BPF_LSM): a weak kfunc, guarded by its existence.  One comparison:
    systemd's other true words ("yes", "on", … in any case) made the verifier's work 15 times larger
    (540,675 processed instructions for largest_leaf instead of 31,197); the user-space mirror reads those."""
    pl, b = PolicyLowering.of(fl), fl.b
    m = fl.expr(e.args[0])
    fl.at(e.loc)
    false = ir.Constant(I1, 0)
    try:
        sig = pl.sig("bpf_cgroup_read_xattr")
    except TypeNotFoundError:
        return false  # the kernel compiled for has no such kfunc: nothing can be read

    def read_from(cgrp: ir.Value) -> ir.Value:
        uid = pl.read(fl, cgrp, pl.struct("cgroup"), ["kn", "iattr", "ia_uid", "val"])

        def read_into(buf: ir.Value) -> ir.Value:
            dynptr = pl.scratch(fl, "xattr.dynptr", ir.ArrayType(I64, 2))
            b.store(ir.Constant(I64, 0), buf)
            fl.ml.maps.helper(
                fl,
                uapi.HELPER_DYNPTR_FROM_MEM,
                I64,
                [buf, ir.Constant(ir.IntType(32), 8), ir.Constant(I64, 0), dynptr],
            )
            b.call(fl.ml.externs.kfunc(sig), [cgrp, pl.message(e.data), dynptr])  # < 0: the buffer stays 0
            return b.icmp_unsigned("==", b.load(buf, typ=I64), ir.Constant(I64, XATTR_ONE))

        def read() -> ir.Value:
            buf = _xattr_buffer(fl)
            return _if(fl, _nonnull(fl, buf), lambda: read_into(buf), false)

        return _if(fl, b.icmp_unsigned("==", uid, ir.Constant(uid.type, 0)), read, false)

    exists = fl.ml.externs.exists(fl, sig)
    return _if(fl, b.and_(exists, _nonnull(fl, m)), lambda: pl.with_cgroup(fl, m, read_from, false), false)


# --------------------------------------------------------------------------------------------- mm counters


def _mm_pages(fl: Lowering, mm: ir.Value, indexes: tuple[int, ...]) -> ir.Value:
    """Sum of ``percpu_counter_read_positive(&mm->rss_stat[i])`` — what the kernel's get_mm_counter() reads."""
    pl, b = PolicyLowering.of(fl), fl.b
    kt = fl.ml.kernel_types
    arr_addr, arr_t = pl.address(fl, mm, pl.struct("mm_struct"), ["rss_stat"])
    arr = B.strip(arr_t)
    assert isinstance(arr, B.Array)
    counter = B.strip(arr.elem)
    assert isinstance(counter, B.Struct)
    total: ir.Value = ir.Constant(I64, 0)
    for index in indexes:
        elem = kt.array_element_address(fl, arr_addr, arr, ir.Constant(I64, index))
        addr, _t = pl.address(fl, elem, counter, ["count"])
        v = b.load(addr, typ=I64)
        total = b.add(total, b.select(b.icmp_signed("<", v, ir.Constant(I64, 0)), ir.Constant(I64, 0), v))
    return total


def _mm_bytes(fl: Lowering, e: H.Intrinsic) -> Any:
    pl = PolicyLowering.of(fl)
    t = fl.expr(e.args[0])
    fl.at(e.loc)
    mm = pl.read(fl, t, pl.struct("task_struct"), ["mm"])  # NULL for kernel threads and exited tasks
    pages = _if(fl, _nonnull(fl, mm), lambda: _mm_pages(fl, mm, e.data), ir.Constant(I64, 0))
    return fl.b.mul(pages, ir.Constant(I64, uapi.PAGE_SIZE))


# --------------------------------------------------------------------------------------------- victim_exiting


def _flags_path(pl: PolicyLowering) -> list[str]:
    """``mm->flags`` is a bitmap struct (``mm_flags_t``, 6.18+) or an ``unsigned long`` (older kernels)."""
    flags = pl.struct("mm_struct").find("flags")
    assert flags is not None
    return ["flags", "__mm_flags"] if isinstance(B.strip(flags[-1][1].type), B.Struct) else ["flags"]


def _is_waiting_victim(fl: Lowering, task: ir.Value) -> ir.Value:
    """The kernel's oom_evaluate_task() "abort" test: ``tsk_is_oom_victim(task)`` (its ``signal->oom_mm`` is
    set) and that mm is not ``MMF_OOM_SKIP`` (the reaper is not done with it)."""
    pl, b = PolicyLowering.of(fl), fl.b
    oom_mm = pl.read(fl, task, pl.struct("task_struct"), ["signal", "oom_mm"])

    def not_skipped() -> ir.Value:
        flags = pl.read(fl, oom_mm, pl.struct("mm_struct"), _flags_path(pl))
        bit = b.and_(flags, ir.Constant(flags.type, 1 << uapi.MMF_OOM_SKIP))
        return b.icmp_unsigned("==", bit, ir.Constant(flags.type, 0))

    return _if(fl, _nonnull(fl, oom_mm), not_skipped, ir.Constant(I1, 0))


def scope_has_victim(fl: Lowering, scope: ir.Value, is_victim: Callable[[ir.Value], ir.Value]) -> ir.Value:
    """Walk every memcg of ``scope`` (pre-order, under RCU) and each one's processes; stop at the first task for
    which ``is_victim`` holds.  Every iterator is destroyed and every reference put on every path.  The mode's
    hooks take and release each item's reference (the task iterator wants a trusted css)."""
    pl, b = PolicyLowering.of(fl), fl.b
    found = pl.scratch(fl, "victim.found", I32)
    b.store(ir.Constant(I32, 0), found)
    pl.kfunc(fl, "bpf_rcu_read_lock", [])
    it = pl.scratch_iter(fl, "ve.iter", "bpf_iter_css")
    pl.kfunc(fl, "bpf_iter_css_new", [it, pl.memcg_css(fl, scope), ir.Constant(I32, ITER_DESCENDANTS_PRE)])
    cg_next, cg_have, cg_item, cg_done = (fl.new_block(f"ve.{n}") for n in ("next", "have", "item", "done"))
    b.branch(cg_next)
    fl.continue_in(cg_next)
    pos = pl.kfunc(fl, "bpf_iter_css_next", [it])
    b.cbranch(_nonnull(fl, pos), cg_have, cg_done)
    fl.continue_in(cg_have)
    m = pl.acquire_from_css(fl, pos)
    b.cbranch(_nonnull(fl, m), cg_item, cg_next)
    fl.continue_in(cg_item)
    tit = pl.scratch_iter(fl, "ve.task_iter", "bpf_iter_css_task")
    pl.kfunc(fl, "bpf_iter_css_task_new", [tit, pl.memcg_css(fl, m), ir.Constant(I32, CSS_TASK_ITER_PROCS)])
    t_next, t_have, t_hit, t_done = (fl.new_block(f"ve.task.{n}") for n in ("next", "have", "hit", "done"))
    b.branch(t_next)
    fl.continue_in(t_next)
    task = pl.kfunc(fl, "bpf_iter_css_task_next", [tit])
    b.cbranch(_nonnull(fl, task), t_have, t_done)
    fl.continue_in(t_have)
    b.cbranch(is_victim(task), t_hit, t_next)
    fl.continue_in(t_hit)
    b.store(ir.Constant(I32, 1), found)
    b.branch(t_done)
    fl.continue_in(t_done)
    pl.kfunc(fl, "bpf_iter_css_task_destroy", [tit])
    pl.put(fl, m)
    stop = b.icmp_unsigned("!=", b.load(found, typ=I32), ir.Constant(I32, 0))
    b.cbranch(stop, cg_done, cg_next)
    fl.continue_in(cg_done)
    pl.kfunc(fl, "bpf_iter_css_destroy", [it])
    pl.kfunc(fl, "bpf_rcu_read_unlock", [])
    return b.icmp_unsigned("!=", b.load(found, typ=I32), ir.Constant(I32, 0))


def lower_oc_victim_exiting(fl: Lowering, e: H.Intrinsic) -> Any:
    """``oc.victim_exiting``: the kernel would not pick a new victim now (oom_evaluate_task aborts) because a
    task of the OOM scope is an OOM victim whose memory is not reaped yet.  A sysrq OOM (order -1) never waits."""
    pl, b = PolicyLowering.of(fl), fl.b
    scope = lower_oc_memcg(fl, e)  # a reference on the scope (the root memcg for a global OOM)
    oc = b.extract_value(fl.expr(e.args[0]), 0)
    fl.at(e.loc)
    order = pl.read(fl, oc, pl.struct("oom_control"), ["order"])
    sysrq = b.icmp_signed("==", order, ir.Constant(order.type, -1))

    def walk() -> ir.Value:
        return scope_has_victim(fl, scope, lambda task: _is_waiting_victim(fl, task))

    found = _if(fl, b.and_(_nonnull(fl, scope), b.not_(sysrq)), walk, ir.Constant(I1, 0))
    _if(fl, _nonnull(fl, scope), lambda: pl.put(fl, scope), NULL)
    return found


def install(table: I.Table[Any]) -> None:
    table.add_all(
        {
            I.MEMCG_PARENT: lower_memcg_parent,
            I.MEMCG_NAME_IS: _name_compare(prefix=False),
            I.MEMCG_NAME_STARTSWITH: _name_compare(prefix=True),
            I.TASK_COMM_IS: _comm_compare(prefix=False),
            I.TASK_COMM_STARTSWITH: _comm_compare(prefix=True),
            I.MEMCG_XATTR_FLAG: lower_xattr_flag,
            I.TASK_RSS: _mm_bytes,
            I.TASK_SWAP: _mm_bytes,
            I.TASK_MEMCG: lower_task_memcg,
            I.OC_VICTIM_EXITING: lower_oc_victim_exiting,
        }
    )
