"""Bridge mode: the same policy as one ``SEC("syscall")`` program a relay runs with ``BPF_PROG_RUN``.

Stock kernels before the BPF OOM series have no ``oom_control`` to hand a policy and (before 7.0) no memcg
kfuncs, so here a ``MemCgroup`` is a referenced ``struct cgroup *`` on the hierarchy that holds the memory
controller (cgroup v1 on our machines), and everything else is derived from it:

* references: ``bpf_cgroup_acquire`` / ``bpf_cgroup_release`` (same discipline as struct_ops mode);
* walks: the css iterator and the css_task iterator on the cgroup's own css (``&cgrp->self``);
* numbers: the ``struct mem_cgroup`` is ``cgrp->subsys[memory_cgrp_id]``, read through ``bpf_rdonly_cast``
  (CO-RE, read only); counters come from ``memcg->vmstats`` at the slots ``btf/memcg_stats.py`` knows;
* the OOMing memcg: the relay passes its cgroup id; the program finds the root of the memory hierarchy from its
  own task (``bpf_task_get_cgroup1`` + ``bpf_cgroup_ancestor(…, 0)``) and walks down to that id (v1 cgroups cannot
  be looked up by id: ``bpf_cgroup_from_id`` only knows the v2 hierarchy);
* kills: ``bpf_send_signal_task(task, SIGKILL, PIDTYPE_TGID, 0)``, each recorded in the ``pyo_kills`` array map
  (pid, reason, cgroup id, comm) and counted in the context (layout: ``pyoombpf/bridge/abi.py``).  A kill outside
  the attach subtree (the victim's memory cgroup's ancestor at the attach level is not the attach cgroup) is
  refused at the kill site and recorded with ``KILL_REFUSED``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import llvmlite.ir as ir

from pyoombpf import uapi
from pyoombpf.bridge import abi
from pyoombpf.btf import memcg_stats
from pyoombpf.btf import types as B
from pyoombpf.dsl.maps import ArrayMap, record
from pyoombpf.dsl.scalars import u32, u64
from pyoombpf.errors import LoweringError, NotSupportedError
from pyoombpf.hir import intrinsics as I
from pyoombpf.hir import nodes as H
from pyoombpf.lowering.context import Lowering
from pyoombpf.lowering.maps import MAP_LOOKUP_ELEM, Helper
from pyoombpf.lowering.policy import PolicyLowering, fit
from pyoombpf.lowering.policy_queries import scope_has_victim
from pyoombpf.lowering.struct_ops import EntryProgram, c_identifier
from pyoombpf.types.policy import MemcgType

if TYPE_CHECKING:
    from pyoombpf.lowering.context import Module

PTR = ir.PointerType()
I1, I8, I32, I64 = ir.IntType(1), ir.IntType(8), ir.IntType(32), ir.IntType(64)
NULL = ir.Constant(PTR, None)
ITER_DESCENDANTS_PRE = uapi.BPF_CGROUP_ITER_DESCENDANTS_PRE
ENV_HIERARCHY, ENV_KILLS, ENV_ACTIONS = 0, 1, 2  # words of pyo_env
#: the memcg kfuncs (Linux 7.0+): where the kernel has them, counters are read through them
MEMCG_KFUNCS = ("bpf_get_mem_cgroup", "bpf_put_mem_cgroup", "bpf_mem_cgroup_page_state", "bpf_mem_cgroup_usage")


@record
class _KillRecord:
    pid: u32  # type: ignore[valid-type]
    reason: u32  # type: ignore[valid-type]
    cgroup_id: u64  # type: ignore[valid-type]
    comm_lo: u64  # type: ignore[valid-type]
    comm_hi: u64  # type: ignore[valid-type]


@record
class _ActionRecord:
    site: u32  # type: ignore[valid-type]
    flags: u32  # type: ignore[valid-type]
    cgroup_id: u64  # type: ignore[valid-type]
    nbytes: u64  # type: ignore[valid-type]


class _MapRef:
    def __init__(self, decl: Any, name: str) -> None:
        self.decl, self.name = decl, name


class BridgePolicyLowering(PolicyLowering):
    put_kfunc = "bpf_cgroup_release"
    kn_path = ("cgroup", ["kn"])

    def __init__(self, ml: Module) -> None:
        super().__init__(ml)
        self.kill_reasons: list[str] = []
        self._kills = _MapRef(ArrayMap(_KillRecord, max_entries=abi.MAX_KILLS), abi.KILLS_MAP)
        self._actions = _MapRef(ArrayMap(_ActionRecord, max_entries=abi.MAX_ACTIONS), abi.ACTIONS_MAP)
        #: each release-action call site ``[kind, tag, seconds, then]`` (ActionRecord.site indexes it)
        self.release_sites: list[list[Any]] = []
        self._site_index: dict[tuple[Any, ...], int] = {}
        #: words the whole program shares: the v1 hierarchy id (from the context), the kill and the action counts
        self._env = _MapRef(ArrayMap(u64, max_entries=3), abi.ENV_MAP)
        self._type_id_fn: ir.Function | None = None
        self._type_id_seq = 0

    def ctx_llvm_type(self) -> ir.Type:
        return ir.LiteralStructType([PTR, PTR])  # (bridge context, unused)

    # ------------------------------------------------------------------------------------------ context

    def ctx_field(self, fl: Lowering, ctx: ir.Value, name: str, ty: ir.IntType) -> ir.Value:
        return fl.b.load(self._at(fl.b, ctx, name), typ=ty)

    def set_ctx_field(self, fl: Lowering, ctx: ir.Value, name: str, value: ir.Value) -> None:
        fl.b.store(value, self._at(fl.b, ctx, name))

    # ------------------------------------------------------------------------------------------ references

    def memcg_css(self, fl: Lowering, memcg: ir.Value) -> ir.Value:
        addr, _ = self.address(fl, memcg, self.struct("cgroup"), ["self"])
        return addr

    def with_cgroup(
        self, fl: Lowering, memcg: ir.Value, body: Callable[[ir.Value], ir.Value], otherwise: ir.Value
    ) -> ir.Value:
        return body(memcg)  # bridge mode's MemCgroup is an acquired (trusted) cgroup reference itself

    def acquire_copy(self, fl: Lowering, memcg: ir.Value) -> ir.Value:
        return self.if_nonnull(fl, memcg, lambda: self.kfunc(fl, "bpf_cgroup_acquire", [memcg]), NULL)

    def acquire_from_css(self, fl: Lowering, css: ir.Value) -> ir.Value:
        addr, _ = self.address(fl, css, self.struct("cgroup_subsys_state"), ["cgroup"])
        cgrp = fl.b.load(addr, typ=PTR)
        return self.acquire_copy(fl, cgrp)

    def item_guards(self, s: H.ForIter) -> list[H.If]:
        return read_only_guards(s)

    def _guard_item(self, fl: Lowering, s: H.ForIter, pos: ir.Value, guards: list[H.If], cond: ir.Block) -> None:
        """Test ``guards`` with the loop variable holding the walk's item without a reference (the walk holds the
        RCU read lock, so the cgroup stays alive; the tests only read it); a test that is true skips the item
        (``cond``: the next one), as its ``continue`` would."""
        b = fl.b
        addr, _ = self.address(fl, pos, self.struct("cgroup_subsys_state"), ["cgroup"])
        cgrp = b.load(addr, typ=PTR)
        check = fl.new_block("css.guard")
        b.cbranch(b.icmp_unsigned("!=", cgrp, NULL), check, cond)
        fl.continue_in(check)
        slot = fl.var_slot(s.var)
        b.store(cgrp, slot)  # borrowed: never released; cleared before anything could release it
        fl.ml.carried.iterating(fl, s)
        for g in guards:
            fl.at(g.loc)
            test = fl.expr(g.test)
            skip, keep = fl.new_block("css.skip"), fl.new_block("css.keep")
            b.cbranch(test, skip, keep)
            fl.continue_in(skip)
            b.store(NULL, slot)
            b.branch(cond)
            fl.continue_in(keep)
            fl.ml.carried.joined(fl, g)
        b.store(NULL, slot)

    # ------------------------------------------------------------------------------------------ the memcg

    def field_base(self, fl: Lowering, memcg: ir.Value) -> ir.Value:
        return self.mem_cgroup(fl, memcg)

    def mem_cgroup(self, fl: Lowering, cgrp: ir.Value) -> ir.Value:
        """``(struct mem_cgroup *)cgrp->subsys[memory_cgrp_id]`` as a read-only pointer."""
        _enum, index = self.types.enum_value("memory_cgrp_id")
        subsys, t = self.address(fl, cgrp, self.struct("cgroup"), ["subsys"])
        arr = B.strip(t)
        assert isinstance(arr, B.Array)
        slot = self.ml.kernel_types.array_element_address(fl, subsys, arr, ir.Constant(I64, index))
        # an untrusted read-only pointer: the verifier turns its loads into faulting-safe ones, so a cgroup
        # without memory state (NULL here) reads as zeros instead of needing a check at every use
        return self.rdonly_cast(fl, fl.b.load(slot, typ=PTR), "mem_cgroup")

    def rdonly_cast(self, fl: Lowering, ptr: ir.Value, struct: str) -> ir.Value:
        return self.kfunc(fl, "bpf_rdonly_cast", [ptr, fl.b.trunc(self.type_id(fl, struct), I32)])

    def type_id(self, fl: Lowering, struct: str) -> ir.Value:
        """The kernel's BTF id of ``struct``, relocated by libbpf (``bpf_core_type_id_kernel``)."""
        if self._type_id_fn is None:
            fnty = ir.FunctionType(I64, [I32, I64])
            self._type_id_fn = ir.Function(self.ml.module, fnty, name="llvm.bpf.btf.type.id")
        info = self.ml.kernel_types.info(self.struct(struct))
        self._type_id_seq += 1
        call = fl.b.call(
            self._type_id_fn, [ir.Constant(I32, self._type_id_seq), ir.Constant(I64, uapi.BPF_TYPE_ID_TARGET)]
        )
        call.set_metadata("llvm.preserve.access.index", info.di)
        return call

    @property
    def has_memcg_kfuncs(self) -> bool:
        """The target kernel (its BTF, not the bundled description) has the memcg kfuncs."""
        spec = getattr(self.types, "spec", None)
        return spec is not None and all(k in spec.kfuncs() for k in MEMCG_KFUNCS)

    def with_memcg(self, fl: Lowering, cgrp: ir.Value, read: Any) -> ir.Value:
        """``read(memcg)`` on a referenced ``struct mem_cgroup *`` of ``cgrp`` (0 when it has none)."""
        mem = self.kfunc(fl, "bpf_get_mem_cgroup", [self.memcg_css(fl, cgrp)])

        def use() -> ir.Value:
            v = read(mem)
            self.kfunc(fl, "bpf_put_mem_cgroup", [mem])
            return v

        return self.if_nonnull(fl, mem, use, ir.Constant(I64, 0))

    def counter(self, fl: Lowering, cgrp: ir.Value, family: str, name: str, what: str = "") -> ir.Value:
        """What ``bpf_mem_cgroup_<family>(memcg, NAME)`` returns on 7.x: through that kfunc where the kernel has
        it, else read from the memcg's fields (``what``: the query, for the error where neither works)."""
        if self.has_memcg_kfuncs:
            _enum, value = self.types.enum_value(name)
            kfunc = f"bpf_mem_cgroup_{family}"
            idx = ir.Constant(self.int_param(kfunc, 1), value)
            return self.with_memcg(fl, cgrp, lambda mem: self.kfunc(fl, kfunc, [mem, idx]))
        mem = self.mem_cgroup(fl, cgrp)
        if family == "memory_events":
            _enum, value = self.types.enum_value(name)
            return self._memory_event(fl, mem, value)
        return self._vmstat(fl, mem, memcg_stats.slot(self.types, family, name, what))

    def _memory_event(self, fl: Lowering, mem: ir.Value, index: int) -> ir.Value:
        base, t = self.address(fl, mem, self.struct("mem_cgroup"), ["memory_events"])
        arr = B.strip(t)
        assert isinstance(arr, B.Array)
        return fl.b.load(self.ml.kernel_types.array_element_address(fl, base, arr, ir.Constant(I64, index)), typ=I64)

    def _vmstat(self, fl: Lowering, mem: ir.Value, where: memcg_stats.StatSlot) -> ir.Value:
        """No NULL checks: ``mem`` is untrusted, so the verifier makes every load through it fault-safe (a
        missing ``vmstats`` reads as 0), and each branch here would multiply the states of a policy's loops."""
        b = fl.b
        vmstats_addr, _ = self.address(fl, mem, self.struct("mem_cgroup"), ["vmstats"])
        vmstats = b.load(vmstats_addr, typ=PTR)
        base, t = self.address(fl, vmstats, self.struct("memcg_vmstats"), [where.array])
        arr = B.strip(t)
        assert isinstance(arr, B.Array)
        slot = self.ml.kernel_types.array_element_address(fl, base, arr, ir.Constant(I64, where.index))
        v = b.load(slot, typ=I64)
        if where.array == "state":  # signed: per-cpu drift can leave it briefly below zero (events cannot)
            v = b.select(b.icmp_signed("<", v, ir.Constant(I64, 0)), ir.Constant(I64, 0), v)
        return b.mul(v, ir.Constant(I64, where.unit)) if where.unit != 1 else v

    # ------------------------------------------------------------------------------------------ finding it

    def find_oom_memcg(self, fl: Lowering, ctx: ir.Value) -> ir.Value:
        """The OOMing memcg (acquired ``struct cgroup *``), or NULL with ``status = STATUS_NO_MEMCG``: on cgroup
        v2 (``hierarchy_id`` 0) looked up by id, on v1 found below the root of the memory hierarchy."""
        b = fl.b
        hid = self.ctx_field(fl, ctx, "hierarchy_id", I32)

        def on_v2() -> ir.Value:
            want = self.ctx_field(fl, ctx, "memcg_id", I64)
            want = b.select(
                b.icmp_unsigned("==", want, ir.Constant(I64, 0)), ir.Constant(I64, uapi.CGROUP2_ROOT_ID), want
            )
            return self.kfunc(fl, "bpf_cgroup_from_id", [want])

        found = self.by_hierarchy(fl, hid, "oom.memcg", lambda: self._find_v1(fl, ctx, hid), on_v2)

        def missing() -> ir.Value:
            self.set_ctx_field(fl, ctx, "status", ir.Constant(I32, abi.STATUS_NO_MEMCG))
            return NULL

        fl.value_if(b.icmp_unsigned("==", found, NULL), missing, NULL)
        return found

    def by_hierarchy(self, fl: Lowering, hid: ir.Value, key: str, on_v1: Any, on_v2: Any) -> ir.Value:
        """``on_v1()`` when the memory controller is on cgroup v1 (``hid``, the v1 hierarchy id, is not 0), else
        ``on_v2()``.  Kernels built without cgroup v1 lack ``bpf_task_get_cgroup1``: the branch tests for it, so
        the verifier drops the v1 side there."""
        b = fl.b
        slot = self.scratch(fl, key, PTR)
        v1, check, v2, join = (fl.new_block(f"{key}.{n}") for n in ("v1", "check", "v2", "join"))
        b.cbranch(self.ml.externs.exists(fl, self.sig("bpf_task_get_cgroup1")), check, v2)
        fl.continue_in(check)
        b.cbranch(b.icmp_unsigned("!=", hid, ir.Constant(I32, 0)), v1, v2)
        for block, make in ((v1, on_v1), (v2, on_v2)):
            fl.continue_in(block)
            b.store(make(), slot)
            b.branch(join)
        fl.continue_in(join)
        return b.load(slot, typ=PTR)

    def _find_v1(self, fl: Lowering, ctx: ir.Value, hid: ir.Value) -> ir.Value:
        # the program's own task (the relay's) is in the memory hierarchy like every task; bpf_get_current_task_btf
        # would be shorter, but kernels without tracing (CONFIG_BPF_EVENTS) refuse it in SYSCALL programs
        b = fl.b
        tgid = b.lshr(self.ml.maps.helper(fl, uapi.HELPER_GET_CURRENT_PID_TGID, I64, []), ir.Constant(I64, 32))
        cur = self.kfunc(fl, "bpf_task_from_pid", [b.trunc(tgid, I32)])

        def own_cgroup() -> ir.Value:
            cg = self.kfunc(fl, "bpf_task_get_cgroup1", [cur, hid])
            self.kfunc(fl, "bpf_task_release", [cur])
            return cg

        cg = self.if_nonnull(fl, cur, own_cgroup, NULL)

        def from_own() -> ir.Value:
            root = self.kfunc(fl, "bpf_cgroup_ancestor", [cg, ir.Constant(I32, 0)])
            self.kfunc(fl, "bpf_cgroup_release", [cg])
            return self.if_nonnull(fl, root, lambda: self._down_to(fl, ctx, root), NULL)

        return self.if_nonnull(fl, cg, from_own, NULL)

    def _down_to(self, fl: Lowering, ctx: ir.Value, root: ir.Value) -> ir.Value:
        """Walk the hierarchy below ``root`` (pre-order) to the cgroup with the context's ``memcg_id``; the
        reference on ``root`` moves into the result or is released."""
        b = fl.b
        want = self.ctx_field(fl, ctx, "memcg_id", I64)
        here = b.or_(
            b.icmp_unsigned("==", want, ir.Constant(I64, 0)), b.icmp_unsigned("==", self.kn_field(fl, root, "id"), want)
        )
        slot = self.scratch(fl, "find.found", PTR)
        b.store(root, slot)

        def search() -> ir.Value:
            b.store(NULL, slot)
            self.kfunc(fl, "bpf_rcu_read_lock", [])
            it = self.scratch_iter(fl, "find.iter", "bpf_iter_css")
            self.kfunc(fl, "bpf_iter_css_new", [it, self.memcg_css(fl, root), ir.Constant(I32, ITER_DESCENDANTS_PRE)])
            cond, have, hit, done = (fl.new_block(n) for n in ("find.next", "find.have", "find.hit", "find.done"))
            b.branch(cond)
            fl.continue_in(cond)
            pos = self.kfunc(fl, "bpf_iter_css_next", [it])
            b.cbranch(b.icmp_unsigned("!=", pos, NULL), have, done)
            fl.continue_in(have)
            addr, _ = self.address(fl, pos, self.struct("cgroup_subsys_state"), ["cgroup"])
            cgrp = b.load(addr, typ=PTR)
            same = self.if_nonnull(
                fl,
                cgrp,
                lambda: b.zext(b.icmp_unsigned("==", self.kn_field(fl, cgrp, "id"), want), I8),
                ir.Constant(I8, 0),
            )
            b.cbranch(b.icmp_unsigned("!=", same, ir.Constant(I8, 0)), hit, cond)
            fl.continue_in(hit)
            b.store(self.kfunc(fl, "bpf_cgroup_acquire", [cgrp]), slot)
            b.branch(done)
            fl.continue_in(done)
            self.kfunc(fl, "bpf_iter_css_destroy", [it])
            self.kfunc(fl, "bpf_rcu_read_unlock", [])
            self.kfunc(fl, "bpf_cgroup_release", [root])
            return NULL

        fl.value_if(b.not_(here), search, NULL)
        return b.load(slot, typ=PTR)

    # ------------------------------------------------------------------------------------------ kills

    def is_victim(self, fl: Lowering, task: ir.Value) -> ir.Value:
        """Already dying: an OOM victim of the kernel (``signal->oom_mm`` set) or exiting (``PF_EXITING``)."""
        b = fl.b
        oom_mm = self.read(fl, task, self.struct("task_struct"), ["signal", "oom_mm"])
        flags = self.read(fl, task, self.struct("task_struct"), ["flags"])
        exiting = b.icmp_unsigned(
            "!=", b.and_(flags, ir.Constant(flags.type, uapi.PF_EXITING)), ir.Constant(flags.type, 0)
        )
        return b.or_(b.icmp_unsigned("!=", oom_mm, NULL), exiting)

    def kill(self, fl: Lowering, oc: ir.Value, task: ir.Value, reason: str) -> ir.Value:
        b = fl.b
        spec = getattr(self.types, "spec", None)
        if spec is not None and "bpf_send_signal_task" not in spec.kfuncs():
            raise NotSupportedError(
                "killing from a bridge-mode policy (kfunc bpf_send_signal_task)",
                "the kernel has no bpf_send_signal_task: it needs Linux 6.13+ built with CONFIG_BPF_EVENTS",
                "use a kernel with BPF tracing support, or struct_ops mode where the kernel has bpf_oom_ops",
            )
        sig = self.kfunc(
            fl,
            "bpf_send_signal_task",
            [task, ir.Constant(I32, uapi.SIGKILL), ir.Constant(I32, uapi.PIDTYPE_TGID), ir.Constant(I64, 0)],
        )
        ok = b.icmp_signed("==", sig, ir.Constant(sig.type, 0))
        fl.value_if(ok, lambda: self.record_kill(fl, oc, task, reason), NULL)
        return ok

    def _reason_index(self, reason: str) -> int:
        if reason not in self.kill_reasons:
            self.kill_reasons.append(reason)
        return self.kill_reasons.index(reason)

    def record_kill(self, fl: Lowering, ctx: ir.Value, task: ir.Value, reason: str, refused: bool = False) -> ir.Value:
        """Record a kill of ``task`` (or, ``refused``, one the program did not make)."""
        b = fl.b
        ts = self.struct("task_struct")
        comm, _ = self.address(fl, task, ts, ["comm"])
        words = [
            b.load(b.gep(comm, [ir.Constant(I64, off)], inbounds=True, source_etype=I8), typ=I64) for off in (0, 8)
        ]
        pid = self._u32(fl, self.read(fl, task, ts, ["tgid"]))
        return self._store_record(fl, [pid, self._reason_code(reason, refused), self._task_cgroup_id(fl, task), *words])

    def _store_record(self, fl: Lowering, values: list[ir.Value]) -> ir.Value:
        """Count a kill record and store it (pid, reason, cgroup id, comm words).  The count lives in a map value,
        which the verifier does not track: a count on the stack would differ in every iteration of a kill loop
        and keep its states from converging."""
        return self._append(fl, ENV_KILLS, self._kills, abi.MAX_KILLS, values, (0, 4, 8, 16, 24))

    def store_action(self, fl: Lowering, values: list[ir.Value]) -> ir.Value:
        """Count an action record and store it (site, flags, cgroup id, bytes)."""
        return self._append(fl, ENV_ACTIONS, self._actions, abi.MAX_ACTIONS, values, (0, 4, 8, 16))

    def _append(
        self, fl: Lowering, env: int, records: _MapRef, limit: int, values: list[ir.Value], offsets: tuple[int, ...]
    ) -> ir.Value:
        b, maps = fl.b, self.ml.maps
        ekey = maps.spill(fl, ir.Constant(I32, env), "env.key")
        counter = maps.helper(fl, MAP_LOOKUP_ELEM, PTR, [maps.global_for(self._env), ekey])

        def bump() -> ir.Value:
            n = b.load(counter, typ=I64)
            b.store(b.add(n, ir.Constant(I64, 1)), counter)
            return b.trunc(n, I32)

        n = fl.value_if(b.icmp_unsigned("!=", counter, NULL), bump, ir.Constant(I32, limit))
        key = maps.spill(fl, n, "kill.key")
        rec = maps.helper(fl, MAP_LOOKUP_ELEM, PTR, [maps.global_for(records), key])

        def fill() -> ir.Value:
            for off, v in zip(offsets, values, strict=True):
                b.store(v, b.gep(rec, [ir.Constant(I64, off)], inbounds=True, source_etype=I8))
            return NULL

        fl.value_if(b.icmp_unsigned("!=", rec, NULL), fill, NULL)
        return NULL

    def _reason_code(self, reason: str, refused: bool) -> ir.Value:
        return ir.Constant(I32, self._reason_index(reason) | (abi.KILL_REFUSED if refused else 0))

    # ------------------------------------------------------------------------------------------ the attach subtree

    def in_attach(self, fl: Lowering, ctx: ir.Value, cgrp: ir.Value) -> ir.Value:
        """Whether the (referenced, non-NULL) ``cgrp`` is the attach cgroup or below it: its ancestor at the attach
        cgroup's level is the attach cgroup.  Always true when the relay passed no ``attach_depth``."""
        b = fl.b
        depth = self.ctx_field(fl, ctx, "attach_depth", I32)
        unchecked = b.icmp_unsigned("==", depth, ir.Constant(I32, 0))

        def check() -> ir.Value:
            want = self.ctx_field(fl, ctx, "attach_cgroup_id", I64)
            anc = self.kfunc(fl, "bpf_cgroup_ancestor", [cgrp, b.sub(depth, ir.Constant(I32, 1))])

            def same() -> ir.Value:
                hit = b.icmp_unsigned("==", self.kn_field(fl, anc, "id"), want)
                self.kfunc(fl, "bpf_cgroup_release", [anc])
                return hit

            return self.if_nonnull(fl, anc, same, ir.Constant(I1, 0))

        return b.or_(unchecked, fl.value_if(b.not_(unchecked), check, ir.Constant(I1, 0)))

    def task_in_attach(self, fl: Lowering, ctx: ir.Value, task: ir.Value) -> ir.Value:
        """Whether ``task``'s memory cgroup is inside the attach subtree."""
        cg = self.task_memcg(fl, task)

        def check() -> ir.Value:
            inside = self.in_attach(fl, ctx, cg)
            self.kfunc(fl, "bpf_cgroup_release", [cg])
            return inside

        return self.if_nonnull(fl, cg, check, ir.Constant(I1, 0))

    def refuse_memcg(self, fl: Lowering, ctx: ir.Value, memcg: ir.Value, reason: str) -> ir.Value:
        """Record a refused ``kill_memcg``: one record for the cgroup (pid 0, no comm)."""
        zero32, zero64 = ir.Constant(I32, 0), ir.Constant(I64, 0)
        cgid = self.kn_field(fl, memcg, "id")
        return self._store_record(fl, [zero32, self._reason_code(reason, True), cgid, zero64, zero64])

    def _u32(self, fl: Lowering, v: ir.Value) -> ir.Value:
        w = v.type.width
        return v if w == 32 else (fl.b.trunc(v, I32) if w > 32 else fl.b.zext(v, I32))

    def _task_cgroup_id(self, fl: Lowering, task: ir.Value) -> ir.Value:
        """Id of the task's cgroup on the memory hierarchy: ``task->cgroups->subsys[memory]->cgroup->kn->id``."""
        b = fl.b
        _enum, index = self.types.enum_value("memory_cgrp_id")
        cset = self.read(fl, task, self.struct("task_struct"), ["cgroups"])

        def from_cset() -> ir.Value:
            subsys, t = self.address(fl, cset, self.struct("css_set"), ["subsys"])
            arr = B.strip(t)
            assert isinstance(arr, B.Array)
            css = b.load(self.ml.kernel_types.array_element_address(fl, subsys, arr, ir.Constant(I64, index)), typ=PTR)
            return self.if_nonnull(
                fl,
                css,
                lambda: self.read(fl, css, self.struct("cgroup_subsys_state"), ["cgroup", "kn", "id"]),
                ir.Constant(I64, 0),
            )

        return self.if_nonnull(fl, cset, from_cset, ir.Constant(I64, 0))

    # ------------------------------------------------------------------------------------------ the program

    def add_entry(self, func: H.Function, policy_name: str) -> str:
        """``SEC("syscall") int <name>(struct bridge_ctx *ctx)``: clear the outputs, run the policy, report."""
        ml = self.ml
        symbol = c_identifier(policy_name)
        ml.reserve_name(symbol)
        ml.reserve_name(abi.KILLS_MAP)
        ml.maps.global_for(self._kills)  # always there, so the relay can read it whatever the policy does
        ml.reserve_name(abi.ACTIONS_MAP)
        ml.maps.global_for(self._actions)
        ml.reserve_name(abi.ENV_MAP)
        e = EntryProgram(ml, symbol, "syscall", func, ctx="void")
        b, ctx = e.b, e.ctx
        # The policy works on a copy of the context on the stack: the verifier accepts a context access only as
        # `*(ctx + constant)` from the unmodified pointer, and LLVM freely hoists or shares such addresses.
        words = abi.CTX_SIZE // 8
        copy = b.alloca(ir.ArrayType(I64, words), name="ctx.copy")
        self._entry_key = b.alloca(I32, name="env.key")  # allocas only in the entry block (no dynamic stack)
        local = b.inttoptr(b.ptrtoint(copy, I64), PTR)  # an opaque pointer (llvmlite types allocas)
        for i in range(words):
            src = b.gep(ctx, [ir.Constant(I64, 8 * i)], inbounds=True, source_etype=I8)
            dst = b.gep(local, [ir.Constant(I64, 8 * i)], inbounds=True, source_etype=I8)
            b.store(b.load(src, typ=I64, name=f"ctx.w{i}"), dst)
        for name in ("nr_kills", "status", "nr_actions"):
            b.store(ir.Constant(I32, 0), self._at(b, local, name))
        self._save_hierarchy_id(b, local)
        pair = b.insert_value(ir.Constant(self.ctx_llvm_type(), None), local, 0)
        verdict = b.call(ml.function_for(func), [pair])
        b.store(b.load(self._at(b, local, "status"), typ=I32), self._at(b, ctx, "status"))
        self._report_kills(b, ctx)
        b.ret(verdict)
        return symbol

    @staticmethod
    def _at(b: ir.IRBuilder, base: ir.Value, name: str) -> ir.Value:
        return b.gep(base, [ir.Constant(I64, abi.OFFSETS[name])], inbounds=True, source_etype=I8)

    def _env_word(self, b: ir.IRBuilder, index: int) -> ir.Value:
        """``&pyo_env[index]`` from the entry (NULL never happens for an array map, but the verifier asks)."""
        key = self._entry_key
        b.store(ir.Constant(I32, index), key)
        fnty = ir.FunctionType(PTR, [PTR, PTR])
        return b.call(Helper(MAP_LOOKUP_ELEM, fnty), [self.ml.maps.global_for(self._env), key])

    def _with_env_word(self, b: ir.IRBuilder, index: int, use: Any) -> None:
        slot = self._env_word(b, index)
        ok, done = b.append_basic_block(f"env{index}.ok"), b.append_basic_block(f"env{index}.done")
        b.cbranch(b.icmp_unsigned("!=", slot, NULL), ok, done)
        b.position_at_end(ok)
        use(slot)
        b.branch(done)
        b.position_at_end(done)

    def _save_hierarchy_id(self, b: ir.IRBuilder, ctx: ir.Value) -> None:
        """``pyo_env[ENV_HIERARCHY] = ctx->hierarchy_id; pyo_env[ENV_KILLS] = 0`` at the program's entry."""
        hid = b.load(self._at(b, ctx, "hierarchy_id"), typ=I32)
        self._with_env_word(b, ENV_HIERARCHY, lambda slot: b.store(b.zext(hid, I64), slot))
        self._with_env_word(b, ENV_KILLS, lambda slot: b.store(ir.Constant(I64, 0), slot))
        self._with_env_word(b, ENV_ACTIONS, lambda slot: b.store(ir.Constant(I64, 0), slot))

    def _report_kills(self, b: ir.IRBuilder, ctx: ir.Value) -> None:
        for index, field in ((ENV_KILLS, "nr_kills"), (ENV_ACTIONS, "nr_actions")):
            self._with_env_word(
                b,
                index,
                lambda slot, field=field: b.store(b.trunc(b.load(slot, typ=I64), I32), self._at(b, ctx, field)),
            )

    # ------------------------------------------------------------------------------------------ release actions

    def release_site(self, e: H.Intrinsic) -> int:
        """The index of the release call site ``e`` (its bit in ``tried``)."""
        info = e.data
        key = (e.loc, info)
        if key not in self._site_index:
            if len(self.release_sites) >= abi.MAX_RELEASE_SITES:
                raise LoweringError(
                    f"a bridge-mode policy has at most {abi.MAX_RELEASE_SITES} release call sites "
                    "(oc.reclaim/drop_files/freeze)",
                    e.loc,
                )
            self._site_index[key] = len(self.release_sites)
            self.release_sites.append([info.kind, info.tag, info.seconds, info.then])
        return self._site_index[key]

    def hierarchy_id(self, fl: Lowering) -> ir.Value:
        """The v1 memory hierarchy id the relay passed (0: cgroup v2), for code far from the context."""
        maps, b = self.ml.maps, fl.b
        key = maps.spill(fl, ir.Constant(I32, ENV_HIERARCHY), "env.key")
        slot = maps.helper(fl, MAP_LOOKUP_ELEM, PTR, [maps.global_for(self._env), key])
        return self.if_nonnull(fl, slot, lambda: b.trunc(b.load(slot, typ=I64), I32), ir.Constant(I32, 0))

    # ------------------------------------------------------------------------------------------ queries

    def parent(self, fl: Lowering, cgrp: ir.Value) -> ir.Value:
        """``bpf_cgroup_ancestor(cgrp, cgrp->level - 1)``; NULL at the root."""
        b = fl.b
        level = self.read(fl, cgrp, self.struct("cgroup"), ["level"])
        up = b.sub(level, ir.Constant(level.type, 1))
        return fl.value_if(
            b.icmp_signed(">", level, ir.Constant(level.type, 0)),
            lambda: self.kfunc(fl, "bpf_cgroup_ancestor", [cgrp, self._u32(fl, up)]),
            NULL,
        )

    def task_memcg(self, fl: Lowering, task: ir.Value) -> ir.Value:
        """The task's cgroup on the memory hierarchy: ``bpf_task_get_cgroup1`` on v1, its v2 cgroup otherwise."""
        hid = self.hierarchy_id(fl)

        def on_v2() -> ir.Value:
            self.kfunc(fl, "bpf_rcu_read_lock", [])
            cgrp = self.read(fl, task, self.struct("task_struct"), ["cgroups", "dfl_cgrp"])
            ref = self.if_nonnull(fl, cgrp, lambda: self.kfunc(fl, "bpf_cgroup_acquire", [cgrp]), NULL)
            self.kfunc(fl, "bpf_rcu_read_unlock", [])
            return ref

        return self.by_hierarchy(
            fl, hid, "task.memcg", lambda: self.kfunc(fl, "bpf_task_get_cgroup1", [task, hid]), on_v2
        )


# --------------------------------------------------------------------------------------------- intrinsic rules


def read_only_guards(s: H.ForIter) -> list[H.If]:
    """The leading ``if TEST: continue`` statements of a cgroup walk whose ``TEST`` only reads: the walk
    tests them on the RCU-protected item before it takes a reference (``bpf_cgroup_acquire`` and its release
    were about half of the time per cgroup of a walk that skips most cgroups; docs/benchmarks.md)."""
    if s.op is not I.MEMCG_DESCENDANTS:
        return []
    guards: list[H.If] = []
    for st in s.body:
        if not (isinstance(st, H.If) and not st.orelse and len(st.body) == 1):
            break
        if not (isinstance(st.body[0], H.Continue) and _reads_only(st.test)):
            break
        guards.append(st)
    return guards


#: built-ins that only read a cgroup (RCU-protected pointers are enough) or a map
_READS = frozenset(
    {
        I.MEMCG_ID,
        I.MEMCG_IS_LEAF,
        I.MEMCG_USAGE,
        I.MEMCG_SWAP_USAGE,
        I.MEMCG_PAGE_STATE,
        I.MEMCG_MEMORY_EVENTS,
        I.MEMCG_VM_EVENTS,
        I.MAP_GET,
        I.MAP_CONTAINS,
    }
)
_PURE = (H.Const, H.Load, H.Convert, H.BinOp, H.UnaryOp, H.Compare, H.Truth, H.BoolOp, H.IfExp)


def _reads_only(e: H.Expr) -> bool:
    """``e`` has no effect and reads cgroups only through :data:`_READS` (a cgroup value is used only as what
    they read, never stored, passed on or compared)."""
    if isinstance(e, H.Intrinsic):
        if e.op not in _READS:
            return False
        return all(isinstance(a, H.Load) or _reads_only(a) for a in e.args)
    if not isinstance(e, _PURE):
        return False
    if isinstance(e, H.Load):
        return not isinstance(e.var.type, MemcgType)
    return all(_reads_only(c) for c in H.children(e))


def _ctx(fl: Lowering, e: H.Expr) -> ir.Value:
    return fl.b.extract_value(fl.expr(e), 0)


def lower_oc_memcg(fl: Lowering, e: H.Intrinsic) -> Any:
    ctx = _ctx(fl, e.args[0])
    fl.at(e.loc)
    return BridgePolicyLowering.of(fl).find_oom_memcg(fl, ctx)


def lower_oc_attach_cgroup_id(fl: Lowering, e: H.Intrinsic) -> Any:
    ctx = _ctx(fl, e.args[0])
    fl.at(e.loc)
    return fit(fl, BridgePolicyLowering.of(fl).ctx_field(fl, ctx, "attach_cgroup_id", I64), e.type)


_OC_CTX_FIELDS = {"order": ("order", I32), "gfp_mask": ("gfp_mask", I64), "totalpages": ("totalpages", I64)}


def lower_oc_field(fl: Lowering, e: H.Intrinsic) -> Any:
    ctx = _ctx(fl, e.args[0])
    fl.at(e.loc)
    if e.data not in _OC_CTX_FIELDS:
        raise LoweringError(f"internal: OomControl.{e.data} has no bridge-mode source", e.loc)
    name, ty = _OC_CTX_FIELDS[e.data]
    return fit(fl, BridgePolicyLowering.of(fl).ctx_field(fl, ctx, name, ty), e.type)


def lower_memcg_is_leaf(fl: Lowering, e: H.Intrinsic) -> Any:
    pl = BridgePolicyLowering.of(fl)
    m = fl.expr(e.args[0])
    fl.at(e.loc)
    n = pl.read(fl, m, pl.struct("cgroup"), ["nr_descendants"])
    return fl.b.icmp_signed("==", n, ir.Constant(n.type, 0))


def lower_memcg_usage(fl: Lowering, e: H.Intrinsic) -> Any:
    pl = BridgePolicyLowering.of(fl)
    m = fl.expr(e.args[0])
    fl.at(e.loc)
    if pl.has_memcg_kfuncs:
        return fit(fl, pl.with_memcg(fl, m, lambda mem: pl.kfunc(fl, "bpf_mem_cgroup_usage", [mem])), e.type)
    mem = pl.mem_cgroup(fl, m)
    v = pl.read(fl, mem, pl.struct("mem_cgroup"), ["memory", "usage", "counter"])
    return fl.b.mul(fit(fl, v, e.type), ir.Constant(I64, uapi.PAGE_SIZE))


def _counter(family: str) -> Any:
    def lower(fl: Lowering, e: H.Intrinsic) -> Any:
        m = fl.expr(e.args[0])
        fl.at(e.loc)
        name, _value = e.data
        return fit(fl, BridgePolicyLowering.of(fl).counter(fl, m, family, name), e.type)

    return lower


def lower_memcg_swap_usage(fl: Lowering, e: H.Intrinsic) -> Any:
    """The MEMCG_SWAP counter (bytes), read like the other counters: through the memcg kfuncs on 7.0+, else
    from the memcg's vmstats where pyoombpf knows this kernel's layout (a NotSupportedError otherwise)."""
    m = fl.expr(e.args[0])
    fl.at(e.loc)
    return fit(
        fl, BridgePolicyLowering.of(fl).counter(fl, m, "page_state", "MEMCG_SWAP", I.MEMCG_SWAP_USAGE.key), e.type
    )


def lower_memcg_parent(fl: Lowering, e: H.Intrinsic) -> Any:
    pl = BridgePolicyLowering.of(fl)
    m = fl.expr(e.args[0])
    fl.at(e.loc)
    return pl.if_nonnull(fl, m, lambda: pl.parent(fl, m), NULL)


def lower_task_memcg(fl: Lowering, e: H.Intrinsic) -> Any:
    pl = BridgePolicyLowering.of(fl)
    t = fl.expr(e.args[0])
    fl.at(e.loc)
    return pl.if_nonnull(fl, t, lambda: pl.task_memcg(fl, t), NULL)


def lower_oc_victim_exiting(fl: Lowering, e: H.Intrinsic) -> Any:
    """The relay saw a dying process, or one below the OOMing cgroup is an OOM victim or exiting already."""
    pl, b = BridgePolicyLowering.of(fl), fl.b
    scope = lower_oc_memcg(fl, e)
    ctx = _ctx(fl, e.args[0])
    fl.at(e.loc)
    flagged = b.icmp_unsigned(
        "!=",
        b.and_(pl.ctx_field(fl, ctx, "flags", I32), ir.Constant(I32, abi.FLAG_VICTIM_EXITING)),
        ir.Constant(I32, 0),
    )

    def walk() -> ir.Value:
        found = scope_has_victim(fl, scope, lambda task: pl.is_victim(fl, task))
        pl.put(fl, scope)
        return found

    return b.or_(flagged, pl.if_nonnull(fl, scope, walk, ir.Constant(I1, 0)))


def lower_oc_kill(fl: Lowering, e: H.Intrinsic) -> Any:
    """``oc.kill(task, reason)``, refused (and recorded as refused) when the task is outside the attach subtree."""
    pl, b = BridgePolicyLowering.of(fl), fl.b
    ctx = _ctx(fl, e.args[0])
    task = fl.expr(e.args[1])
    fl.at(e.loc)
    inside = pl.task_in_attach(fl, ctx, task)
    fl.value_if(b.not_(inside), lambda: pl.record_kill(fl, ctx, task, e.data.reason, refused=True), NULL)
    return fl.value_if(inside, lambda: b.zext(pl.kill(fl, ctx, task, e.data.reason), I32), ir.Constant(I32, 0))


def lower_oc_kill_memcg(fl: Lowering, e: H.Intrinsic) -> Any:
    """``oc.kill_memcg(memcg, reason)``, refused as a whole (one record) when the cgroup is outside the attach
    subtree (its tasks are all in it: the task walk does not descend)."""
    pl, b = BridgePolicyLowering.of(fl), fl.b
    ctx = _ctx(fl, e.args[0])
    memcg = fl.expr(e.args[1])
    fl.at(e.loc)
    reason = e.data.reason

    def checked() -> ir.Value:
        inside = pl.in_attach(fl, ctx, memcg)
        fl.value_if(b.not_(inside), lambda: pl.refuse_memcg(fl, ctx, memcg, reason), NULL)
        return fl.value_if(inside, lambda: pl.kill_memcg(fl, ctx, memcg, reason, e.loc), ir.Constant(I32, 0))

    return pl.if_nonnull(fl, memcg, checked, ir.Constant(I32, 0))


def lower_release(fl: Lowering, e: H.Intrinsic) -> Any:
    """``oc.reclaim(memcg, n)`` / ``oc.drop_files(tag[, n])`` / ``oc.freeze(memcg, …)``: record the action for the
    relay (site, cgroup id, bytes) and return 1, unless this site already acted in this OOM (its bit in the
    context's ``tried``: then PASS, so the policy goes on to its next choice).  A cgroup outside the attach
    subtree is refused (recorded with ACTION_REFUSED, verdict 0); a None cgroup is PASS."""
    pl, b = BridgePolicyLowering.of(fl), fl.b
    ctx = _ctx(fl, e.args[0])
    memcg = fl.expr(e.args[1]) if e.op is not I.OC_DROP_FILES else None
    nbytes = fl.expr(e.args[-1]) if e.op is not I.OC_FREEZE else ir.Constant(I64, 0)
    fl.at(e.loc)
    site = pl.release_site(e)
    bit = ir.Constant(I32, 1 << site)
    fresh = b.icmp_unsigned("==", b.and_(pl.ctx_field(fl, ctx, "tried", I32), bit), ir.Constant(I32, 0))
    site_c = ir.Constant(I32, site)
    one, zero = ir.Constant(I32, 1), ir.Constant(I32, 0)
    if memcg is None:

        def record_files() -> ir.Value:
            pl.store_action(fl, [site_c, zero, ir.Constant(I64, 0), nbytes])
            return one

        return fl.value_if(fresh, record_files, zero)
    cg = memcg

    def record_memcg() -> ir.Value:
        inside = pl.in_attach(fl, ctx, cg)
        cgid = pl.kn_field(fl, cg, "id")
        flags = b.select(inside, zero, ir.Constant(I32, abi.ACTION_REFUSED))
        pl.store_action(fl, [site_c, flags, cgid, nbytes])
        return b.zext(inside, I32)

    return fl.value_if(b.and_(fresh, b.icmp_unsigned("!=", cg, NULL)), record_memcg, zero)


def lower_oc_released(fl: Lowering, e: H.Intrinsic) -> Any:
    ctx = _ctx(fl, e.args[0])
    fl.at(e.loc)
    return fit(fl, BridgePolicyLowering.of(fl).ctx_field(fl, ctx, "released", I64), e.type)


def install(table: I.Table[Any]) -> None:
    """Bridge mode's own lowering of the built-ins whose representation differs (the context, cgroups as
    ``struct cgroup *``, kills by signal)."""
    table.add_all(
        {
            I.OC_KILL: lower_oc_kill,
            I.OC_KILL_MEMCG: lower_oc_kill_memcg,
            I.OC_RECLAIM: lower_release,
            I.OC_DROP_FILES: lower_release,
            I.OC_FREEZE: lower_release,
            I.OC_RELEASED: lower_oc_released,
            I.MEMCG_PARENT: lower_memcg_parent,
            I.TASK_MEMCG: lower_task_memcg,
            I.OC_VICTIM_EXITING: lower_oc_victim_exiting,
            I.OC_MEMCG: lower_oc_memcg,
            I.OC_ATTACH_CGROUP_ID: lower_oc_attach_cgroup_id,
            I.OC_ORDER: lower_oc_field,
            I.OC_GFP_MASK: lower_oc_field,
            I.OC_TOTALPAGES: lower_oc_field,
            I.MEMCG_IS_LEAF: lower_memcg_is_leaf,
            I.MEMCG_USAGE: lower_memcg_usage,
            I.MEMCG_SWAP_USAGE: lower_memcg_swap_usage,
            I.MEMCG_PAGE_STATE: _counter("page_state"),
            I.MEMCG_MEMORY_EVENTS: _counter("memory_events"),
            I.MEMCG_VM_EVENTS: _counter("vm_events"),
        }
    )
