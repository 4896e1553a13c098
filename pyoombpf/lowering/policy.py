"""OOM policies in the object: the struct_ops entry and map, the OOM context, kernel iterators, kills, and the
reference discipline for ``MemCgroup`` values.

Reference discipline (see ``frontend/policy_rules.py``): every local of type ``MemCgroup`` owns one reference.
It starts NULL; a store releases the previous value first; every exit of the function releases it.  Copies are
acquired with ``bpf_get_mem_cgroup(&memcg->css)``; the cgroup walk acquires each item the same way and releases
it at the end of its iteration.  Cgroup walks run inside ``bpf_rcu_read_lock()`` (css iterators need it in
sleepable programs); kills (sleepable) are refused inside them at compile time.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Self, TypeVar

import llvmlite.ir as ir

from pyoombpf import uapi
from pyoombpf.btf import types as B
from pyoombpf.errors import LoweringError
from pyoombpf.hir import intrinsics as I
from pyoombpf.hir import nodes as H
from pyoombpf.hir.moves import MOVE
from pyoombpf.lowering.context import Lowering
from pyoombpf.lowering.struct_ops import EntryProgram, c_identifier, ops_map
from pyoombpf.types.csig import KfuncSig, kfunc_sig
from pyoombpf.types.policy import MemcgType

T = TypeVar("T")

if TYPE_CHECKING:
    from pyoombpf.lowering.context import Module

Tok = ir.DIToken
PTR = ir.PointerType()
I1, I8, I32, I64 = ir.IntType(1), ir.IntType(8), ir.IntType(32), ir.IntType(64)
NULL = ir.Constant(PTR, None)
CSS_TASK_ITER_PROCS = uapi.CSS_TASK_ITER_PROCS

#: Pointer members the verifier marks ``PTR_MAYBE_NULL`` when they are loaded from a trusted or RCU-protected
#: pointer (its ``BTF_TYPE_SAFE_{RCU,TRUSTED}_OR_NULL`` lists, kernel 6.18 and the test kernel with the BPF OOM
#: series: ``oom_control.memcg``, ``mm_struct.exe_file``/``owner``, ``dentry.d_inode``, ``vm_area_struct.vm_mm``/
#: ``vm_file``, ``sk``): a load through one needs a NULL check first.  Matched by member name alone, which keeps
#: a check on any struct's member of these names (conservative).  Every other pointer member is read without one.
MAYBE_NULL_MEMBERS = frozenset({"memcg", "exe_file", "owner", "d_inode", "vm_mm", "vm_file", "sk"})


#: kfunc declarations by the kernel BTF they were read from (weakly: a test's BTF goes away), then by bundled
#: description and name: each compile has a type source of its own, but its BTF and bundled description are the
#: process's, and reading a kfunc's prototype from BTF is most of a millisecond per compile (largest_leaf: 13)
_SIGS: weakref.WeakKeyDictionary[Any, dict[tuple[int, str], tuple[Any, KfuncSig]]] = weakref.WeakKeyDictionary()
#: the same without kernel BTF
_SIGS_BUNDLED: dict[tuple[int, str], tuple[Any, KfuncSig]] = {}
_NOT_A_SOURCE = object()


def _kfunc_sig(types: Any, name: str) -> KfuncSig:
    spec, bundle = getattr(types, "spec", _NOT_A_SOURCE), getattr(types, "bundle", None)
    if spec is _NOT_A_SOURCE or bundle is None:  # not a TypeSource: nothing to key on
        return kfunc_sig(types, name)
    cache = _SIGS_BUNDLED if spec is None else _SIGS.setdefault(spec, {})
    # a bundle is not hashable: keyed by id, and kept with the entry so that the id stays its own
    hit = cache.get((id(bundle), name))
    if hit is not None and hit[0] is bundle:
        return hit[1]
    sig = kfunc_sig(types, name)
    cache[(id(bundle), name)] = (bundle, sig)
    return sig


class PolicyLowering:
    """struct_ops lowering (``MemCgroup`` is a referenced ``struct mem_cgroup *``).  Bridge mode subclasses it and
    overrides the representation-specific methods; which built-in is lowered how is each mode's table
    (``lowering/targets.py``)."""

    def __init__(self, ml: Module) -> None:
        self.ml = ml
        self._sigs: dict[str, KfuncSig] = {}
        self._strings: dict[str, ir.GlobalVariable] = {}
        #: the struct the ABI passes as the attach point (set by add_struct_ops)
        self.attach_kind = "bpf_struct_ops_link"
        #: objects the mode adds to the module once, by key (hidden maps: PSI v3's triggers)
        self._hidden: dict[str, Any] = {}

    def hidden(self, key: str, make: Callable[[], T]) -> T:
        """The module's one ``key`` object (made by ``make()`` on first use)."""
        if key not in self._hidden:
            self._hidden[key] = make()
        found: T = self._hidden[key]
        return found

    @classmethod
    def of(cls, fl: Lowering) -> Self:
        """The target of the function ``fl`` lowers (the mode's representation), as this class."""
        target = fl.ml.target
        assert isinstance(target, cls), f"{type(target).__name__} is not a {cls.__name__}"
        return target

    @property
    def types(self) -> Any:
        return self.ml.types

    def ctx_llvm_type(self) -> ir.Type:
        return ir.LiteralStructType([PTR, PTR])  # (struct oom_control *, struct bpf_struct_ops_link *)

    def sig(self, name: str) -> KfuncSig:
        """The declaration of kfunc ``name`` (typed once per module; read from BTF once per process)."""
        sig = self._sigs.get(name)
        if sig is None:
            sig = self._sigs[name] = _kfunc_sig(self.types, name)
        return sig

    def int_param(self, kfunc: str, index: int, default_bits: int = 32) -> ir.IntType:
        """The integer type of parameter ``index`` of ``kfunc``, as the kernel declares it."""
        return ir.IntType(self.sig(kfunc).params[index][1].bits or default_bits)

    def kfunc(self, fl: Lowering, name: str, args: list[ir.Value]) -> ir.Value:
        return fl.b.call(self.ml.externs.kfunc(self.sig(name)), args)

    def struct(self, name: str) -> B.Struct:
        s = self.types.struct(name)
        assert isinstance(s, B.Struct)
        return s

    # ------------------------------------------------------------------------------------------ CO-RE paths

    def address(self, fl: Lowering, base: ir.Value, struct: B.Struct, path: list[str]) -> tuple[Any, Any]:
        """Follow ``path`` (member names; pointers are loaded on the way) from ``base``; return the address of
        the last member and its BTF type."""
        kt = self.ml.kernel_types
        addr: ir.Value = base
        t: B.Type = struct
        for name in path:
            s = B.strip(t)
            if isinstance(s, B.Ptr):
                addr = fl.b.load(addr, typ=PTR)
                s = B.strip(s.target)
            if not isinstance(s, B.Struct):
                raise LoweringError(f"internal: {name} is not reachable from {B.type_name(t)}")
            found = s.find(name)
            if found is None:
                raise LoweringError(f"the kernel's struct {s.name} has no member {name!r} (path {'.'.join(path)})")
            for index, member in found:
                addr = kt.member_address(fl, addr, s, index)
                s2 = B.strip(member.type)
                if isinstance(s2, B.Struct):
                    s = s2
                t = member.type
        return addr, t

    def read(self, fl: Lowering, base: ir.Value, struct: B.Struct, path: list[str]) -> ir.Value:
        """Read ``base->path``; a NULL pointer anywhere on the way gives 0 (or NULL).

        A pointer loaded from a kernel struct is a ``PTR_TO_BTF_ID`` to the verifier, and a load through it is
        a fault-tolerant ``PROBE_MEM`` load (a NULL base reads 0), so no check is emitted for it: the result is
        the same, with no branch for the verifier to explore.  Only members the verifier types as
        possibly-NULL (:data:`MAYBE_NULL_MEMBERS`: it refuses a load through them unchecked) get a check."""
        b = fl.b
        s: B.Type = struct
        cur = base
        done = fl.new_block("read.done")
        null_exits: list[ir.Block] = []
        segment: list[str] = []
        for name in path:
            segment.append(name)
            addr, t = self.address(fl, cur, s if isinstance(s, B.Struct) else struct, segment)
            st = B.strip(t)
            if isinstance(st, B.Ptr) and name != path[-1]:
                nxt = b.load(addr, typ=PTR)
                if name not in MAYBE_NULL_MEMBERS:
                    cur, s, segment = nxt, B.strip(st.target), []
                    continue
                ok = fl.new_block("read.ok")
                null_exits.append(b.block)
                b.cbranch(b.icmp_unsigned("!=", nxt, NULL), ok, done)
                fl.continue_in(ok)
                cur, s, segment = nxt, B.strip(st.target), []
        addr, t = self.address(fl, cur, s if isinstance(s, B.Struct) else struct, segment)
        st = B.strip(t)
        ty = PTR if isinstance(st, B.Ptr) else ir.IntType(B.sizeof(st) * 8)
        value = b.load(addr, typ=ty)
        last = b.block
        b.branch(done)
        fl.continue_in(done)
        phi = b.phi(ty)
        zero = ir.Constant(ty, None if isinstance(ty, ir.PointerType) else 0)
        for bb in null_exits:
            phi.add_incoming(zero, bb)
        phi.add_incoming(value, last)
        return phi

    # ------------------------------------------------------------------------------------------ references

    def memcg_css(self, fl: Lowering, memcg: ir.Value) -> ir.Value:
        addr, _ = self.address(fl, memcg, self.struct("mem_cgroup"), ["css"])
        return addr

    def acquire_copy(self, fl: Lowering, memcg: ir.Value) -> ir.Value:
        """``memcg ? bpf_get_mem_cgroup(&memcg->css) : NULL``."""
        return self.if_nonnull(
            fl, memcg, lambda: self.kfunc(fl, "bpf_get_mem_cgroup", [self.memcg_css(fl, memcg)]), NULL
        )

    def acquire_from_css(self, fl: Lowering, css: ir.Value) -> ir.Value:
        """A new reference to the memory cgroup of ``css`` (a css walk's item); NULL if it has none."""
        return self.kfunc(fl, "bpf_get_mem_cgroup", [css])

    def field_base(self, fl: Lowering, memcg: ir.Value) -> ir.Value:
        """The ``struct mem_cgroup *`` to read a BTF member of a ``MemCgroup`` value from."""
        return memcg

    def is_victim(self, fl: Lowering, task: ir.Value) -> ir.Value:
        """i1: ``task`` is already an OOM victim (being killed)."""
        r = self.kfunc(fl, "bpf_task_is_oom_victim", [task])
        return fl.b.icmp_unsigned("!=", r, ir.Constant(r.type, 0))

    #: the kfunc that releases a ``MemCgroup`` reference
    put_kfunc = "bpf_put_mem_cgroup"
    #: the path from a ``MemCgroup`` value to its cgroup's kernfs node (``id``, ``name``)
    kn_path = ("mem_cgroup", ["css", "cgroup", "kn"])

    def with_cgroup(
        self, fl: Lowering, memcg: ir.Value, body: Callable[[ir.Value], ir.Value], otherwise: ir.Value
    ) -> ir.Value:
        """``body(cgrp)`` with a trusted ``struct cgroup *`` of the ``MemCgroup`` value ``memcg`` (not NULL):
        a reference from ``bpf_cgroup_from_id(kn->id)``, released after — no RCU section needed, so it works
        inside cgroup walks too (the verifier refuses nested ``bpf_rcu_read_lock``); ``otherwise`` when the
        cgroup is gone."""
        cgrp = self.kfunc(fl, "bpf_cgroup_from_id", [self.kn_field(fl, memcg, "id")])

        def use() -> ir.Value:
            r = body(cgrp)
            self.kfunc(fl, "bpf_cgroup_release", [cgrp])
            return r

        return fl.value_if(fl.b.icmp_unsigned("!=", cgrp, NULL), use, otherwise)

    def kn_field(self, fl: Lowering, memcg: ir.Value, field: str) -> ir.Value:
        """A field of the memcg's cgroup's kernfs node (``id``: the cgroup id; ``name``: its directory name)."""
        struct, path = self.kn_path
        return self.read(fl, memcg, self.struct(struct), [*path, field])

    def release(self, fl: Lowering, slot: ir.Value) -> None:
        """Release the reference held in ``slot`` (if any) and clear it."""
        v = fl.b.load(slot, typ=PTR)

        self.if_nonnull(fl, v, lambda: self.put(fl, v), NULL)
        fl.b.store(NULL, slot)

    def put(self, fl: Lowering, memcg: ir.Value) -> ir.Value:
        """Release the reference ``memcg`` (not NULL); returns NULL for use in :meth:`if_nonnull`."""
        self.kfunc(fl, self.put_kfunc, [memcg])
        return NULL

    def if_nonnull(self, fl: Lowering, v: ir.Value, then: Any, otherwise: ir.Value) -> ir.Value:
        return fl.value_if(fl.b.icmp_unsigned("!=", v, NULL), then, otherwise)

    def is_owning(self, fl: Lowering, var: H.Var) -> bool:
        return isinstance(var.type, MemcgType) and var not in fl.func.params

    def store(self, fl: Lowering, var: H.Var, value: ir.Value) -> None:
        slot = fl.var_slot(var)
        if self.is_owning(fl, var):
            self.release(fl, slot)
        fl.b.store(value, slot)

    def prologue(self, fl: Lowering) -> None:
        """Owning locals start NULL, and every exit of the function releases them."""
        for var in fl.func.locals:
            if self.is_owning(fl, var):
                slot = fl.var_slot(var)
                fl.b.store(NULL, slot)
                fl.add_cleanup(self._releaser(fl, slot))

    def _releaser(self, fl: Lowering, slot: ir.Value) -> Any:
        return lambda: self.release(fl, slot)

    # ------------------------------------------------------------------------------------------ iterators

    def scratch(self, fl: Lowering, key: str, ty: ir.Type) -> ir.Value:
        """The function's shared scratch slot ``key`` (:meth:`FunctionLowering.scratch`)."""
        return fl.scratch(key, ty)

    def scratch_iter(self, fl: Lowering, key: str, struct: str) -> ir.Value:
        """A shared slot (see :meth:`scratch`) for an open-coded iterator of kind ``struct``."""
        return self.scratch(fl, key, self._iter_type(struct))

    def _iter_type(self, struct: str) -> ir.Type:
        return ir.ArrayType(I64, (self.struct(struct).size + 7) // 8)

    def _iter_slot(self, fl: Lowering, struct: str) -> ir.Value:
        return fl.alloca(self._iter_type(struct), "iter")

    def _for_descendants(self, fl: Lowering, s: H.ForIter) -> None:
        b = fl.b
        memcg = fl.expr(s.source)
        fl.at(s.loc)
        self.kfunc(fl, "bpf_rcu_read_lock", [])
        it = self._iter_slot(fl, "bpf_iter_css")
        order = uapi.BPF_CGROUP_ITER_DESCENDANTS_POST if s.data else uapi.BPF_CGROUP_ITER_DESCENDANTS_PRE
        self.kfunc(fl, "bpf_iter_css_new", [it, self.memcg_css(fl, memcg), ir.Constant(I32, order)])
        cond, item, nxt = fl.new_block("css.next"), fl.new_block("css.item"), fl.new_block("css.step")
        exit_, after = fl.new_block("css.exit"), fl.new_block("css.after")
        fl.ml.carried.entering(fl, s)
        b.branch(cond)
        fl.continue_in(cond)
        fl.at(s.loc)
        pos = self.kfunc(fl, "bpf_iter_css_next", [it])
        have = fl.new_block("css.have")
        b.cbranch(b.icmp_unsigned("!=", pos, NULL), have, exit_)
        fl.continue_in(have)
        guards = self.item_guards(s)
        if guards:  # tests that may skip the item before a reference is taken (bridge mode)
            self._guard_item(fl, s, pos, guards, cond)
        m = self.acquire_from_css(fl, pos)
        b.cbranch(b.icmp_unsigned("!=", m, NULL), item, cond)  # a cgroup without memory state: skip it
        fl.continue_in(item)
        self.store(fl, s.var, m)
        if not guards:
            fl.ml.carried.iterating(fl, s)

        def leave() -> None:  # break / return inside the walk: end the walk (the variable is released later)
            self.kfunc(fl, "bpf_iter_css_destroy", [it])
            self.kfunc(fl, "bpf_rcu_read_unlock", [])

        fl.loop_body(s.body[len(guards) :], break_bb=after, continue_bb=nxt, cleanups=[leave])
        if not fl.terminated():
            b.branch(nxt)
        fl.continue_in(nxt)
        fl.at(s.loc)
        self.release(fl, fl.var_slot(s.var))  # each item's reference ends with its iteration
        b.branch(cond)
        fl.continue_in(exit_)
        fl.at(s.loc)
        leave()
        b.branch(after)
        fl.continue_in(after)

    def item_guards(self, s: H.ForIter) -> list[H.If]:
        """The leading ``if …: continue`` statements of a cgroup walk's body that :meth:`_guard_item` can test
        before the item is referenced (none here: a ``struct mem_cgroup`` is only read through a reference)."""
        return []

    def _guard_item(self, fl: Lowering, s: H.ForIter, pos: ir.Value, guards: list[H.If], cond: ir.Block) -> None:
        """Overridden where :meth:`item_guards` finds any."""
        raise LoweringError("internal: item guards without a lowering", s.loc)

    def _task_walk(
        self, fl: Lowering, memcg: ir.Value, prefix: str, before_first: Callable[[], None] | None = None
    ) -> tuple[ir.Value, ir.Block, ir.Value]:
        """Start a css_task walk over ``memcg``'s processes; branch to a ``<prefix>.next`` block that fetches the
        next task (NULL at the end).  Returns (iterator, that block, the task); the caller branches on it.
        ``before_first()`` runs once the iterator exists, before the first ``next``."""
        it = self._iter_slot(fl, "bpf_iter_css_task")
        self.kfunc(fl, "bpf_iter_css_task_new", [it, self.memcg_css(fl, memcg), ir.Constant(I32, CSS_TASK_ITER_PROCS)])
        if before_first is not None:
            before_first()
        cond = fl.new_block(f"{prefix}.next")
        fl.b.branch(cond)
        fl.continue_in(cond)
        return it, cond, self.kfunc(fl, "bpf_iter_css_task_next", [it])

    def _for_tasks(self, fl: Lowering, s: H.ForIter) -> None:
        b = fl.b
        memcg = fl.expr(s.source)
        fl.at(s.loc)
        it, cond, task = self._task_walk(fl, memcg, "task", lambda: fl.ml.carried.entering(fl, s))
        item, exit_, after = fl.new_block("task.item"), fl.new_block("task.exit"), fl.new_block("task.after")
        b.cbranch(b.icmp_unsigned("!=", task, NULL), item, exit_)
        fl.continue_in(item)
        fl.b.store(task, fl.var_slot(s.var))
        fl.ml.carried.iterating(fl, s)

        def leave() -> None:
            self.kfunc(fl, "bpf_iter_css_task_destroy", [it])

        fl.loop_body(s.body, break_bb=after, continue_bb=cond, cleanups=[leave])
        if not fl.terminated():
            b.branch(cond)
        fl.continue_in(exit_)
        fl.at(s.loc)
        leave()
        b.branch(after)
        fl.continue_in(after)

    # ------------------------------------------------------------------------------------------ kills

    def message(self, text: str) -> ir.Value:
        g = self._strings.get(text)
        if g is None:
            data = bytearray(text.encode() + b"\0")
            ty = ir.ArrayType(I8, len(data))
            g = ir.GlobalVariable(self.ml.module, ty, name=self.ml.unique_name(".str.kill"))
            g.initializer = ir.Constant(ty, data)
            g.global_constant = True
            g.linkage = "private"
            g.unnamed_addr = True
            self._strings[text] = g
        return g

    def kill(self, fl: Lowering, oc: ir.Value, task: ir.Value, reason: str) -> ir.Value:
        r = self.kfunc(fl, "bpf_oom_kill_process", [oc, task, self.message(reason)])
        return fl.b.icmp_signed("==", r, ir.Constant(r.type, 0))

    def kill_memcg(self, fl: Lowering, oc: ir.Value, memcg: ir.Value, reason: str, loc: Any) -> ir.Value:
        """Kill every process of ``memcg`` not already dying; the verdict is whether any kill happened
        (a flag, not a count: a growing counter would keep the verifier from converging)."""
        b = fl.b
        killed = fl.alloca(I32, "killed")
        b.store(ir.Constant(I32, 0), killed)
        it, cond, task = self._task_walk(fl, memcg, "kill")
        item, kill_bb, exit_ = (fl.new_block(n) for n in ("kill.item", "kill.do", "kill.exit"))
        b.cbranch(b.icmp_unsigned("!=", task, NULL), item, exit_)
        fl.continue_in(item)
        b.cbranch(self.is_victim(fl, task), cond, kill_bb)
        fl.continue_in(kill_bb)
        ok = self.kill(fl, oc, task, reason)
        b.store(b.select(ok, ir.Constant(I32, 1), b.load(killed, typ=I32)), killed)
        b.branch(cond)
        fl.continue_in(exit_)
        self.kfunc(fl, "bpf_iter_css_task_destroy", [it])
        return b.load(killed, typ=I32)

    # ------------------------------------------------------------------------------------------ struct_ops

    def add_struct_ops(self, func: H.Function, policy_name: str) -> str:
        """The handler program and ``struct bpf_oom_ops <name> SEC(".struct_ops.link")`` pointing at it, laid out
        as the ABI version in use describes ``bpf_oom_ops`` (v3: ``(oc, st_link)``; v2: ``(ctx, oc)``;
        post-v3: ``(oc, cgrp)``).  The policy sees ``(oc, attach point)`` whatever the order."""
        ml = self.ml
        symbol = c_identifier(policy_name)
        ml.reserve_name(symbol)  # the map is named after the policy; the policy's function gets another name
        ops = self.struct("bpf_oom_ops")
        handler = ops.member("handle_out_of_memory")
        proto = B.strip(B.strip(handler.type).target)  # type: ignore[attr-defined]
        assert isinstance(proto, B.FuncProto)
        param_structs = [_pointee(p.type) for p in proto.params]
        oc_index = param_structs.index("oom_control")
        self.attach_kind = param_structs[1 - oc_index]
        entry = self._entry(func, symbol, oc_index)
        ops_map(ml, symbol, ops, {"handle_out_of_memory": entry}, policy_name)
        return symbol

    def _entry(self, func: H.Function, symbol: str, oc_index: int) -> ir.Function:
        """``SEC("struct_ops.s/handle_out_of_memory")``: the kernel's two arguments, in the ABI's order, become
        the policy's ``(oc, attach point)`` pair."""
        ml = self.ml
        e = EntryProgram(ml, ml.unique_name(f"{symbol}_handler"), "struct_ops.s/handle_out_of_memory", func)
        b = e.b
        args = [b.load(e.ctx_word(i), typ=PTR) for i in (0, 1)]
        oc, attach = args[oc_index], args[1 - oc_index]
        pair = b.insert_value(b.insert_value(ir.Constant(self.ctx_llvm_type(), None), oc, 0), attach, 1)
        b.ret(b.call(ml.function_for(func), [pair]))
        return e.fn


def _pointee(t: B.Type) -> str:
    s = B.strip(t)
    if isinstance(s, B.Ptr):
        target = B.strip(s.target)
        if isinstance(target, B.Struct):
            return target.name
    return ""


# --------------------------------------------------------------------------------------------- intrinsic rules


def _oc_ptr(fl: Lowering, e: H.Expr) -> ir.Value:
    return fl.b.extract_value(fl.expr(e), 0)


def lower_oc_memcg(fl: Lowering, e: H.Intrinsic) -> Any:
    pl = PolicyLowering.of(fl)
    oc = _oc_ptr(fl, e.args[0])
    fl.at(e.loc)
    p = pl.read(fl, oc, pl.struct("oom_control"), ["memcg"])
    b = fl.b
    some, none, join = fl.new_block("ocm.some"), fl.new_block("ocm.root"), fl.new_block("ocm.join")
    b.cbranch(b.icmp_unsigned("!=", p, NULL), some, none)
    fl.continue_in(some)
    a = pl.kfunc(fl, "bpf_get_mem_cgroup", [pl.memcg_css(fl, p)])
    some_end = b.block
    b.branch(join)
    fl.continue_in(none)
    r = pl.kfunc(fl, "bpf_get_root_mem_cgroup", [])
    none_end = b.block
    b.branch(join)
    fl.continue_in(join)
    phi = b.phi(PTR)
    phi.add_incoming(a, some_end)
    phi.add_incoming(r, none_end)
    return phi


#: how each ABI's attach-point argument leads to the attach cgroup's id
_ATTACH_ID_PATH = {
    "bpf_struct_ops_link": ["cgroup", "kn", "id"],  # v3: the link's cgroup
    "bpf_oom_ctx": ["cgroup_id"],  # v2: the id itself (0 = system-wide)
    "cgroup": ["kn", "id"],  # post-v3: the cgroup
}


def lower_oc_attach_cgroup_id(fl: Lowering, e: H.Intrinsic) -> Any:
    pl = PolicyLowering.of(fl)
    attach = fl.b.extract_value(fl.expr(e.args[0]), 1)
    fl.at(e.loc)
    kind = pl.attach_kind
    return fit(fl, pl.read(fl, attach, pl.struct(kind), _ATTACH_ID_PATH[kind]), e.type)


def lower_oc_field(fl: Lowering, e: H.Intrinsic) -> Any:
    pl = PolicyLowering.of(fl)
    oc = _oc_ptr(fl, e.args[0])
    fl.at(e.loc)
    v = pl.read(fl, oc, pl.struct("oom_control"), [e.data])
    return fit(fl, v, e.type)


def fit(fl: Lowering, v: ir.Value, t: Any) -> ir.Value:
    want = t.bits if hasattr(t, "bits") else 1
    have = v.type.width
    if have == want:
        return v
    if want == 1:
        return fl.b.icmp_unsigned("!=", v, ir.Constant(v.type, 0))
    return (
        fl.b.trunc(v, ir.IntType(want))
        if have > want
        else (fl.b.sext(v, ir.IntType(want)) if getattr(t, "signed", False) else fl.b.zext(v, ir.IntType(want)))
    )


def lower_oc_kill(fl: Lowering, e: H.Intrinsic) -> Any:
    oc = _oc_ptr(fl, e.args[0])
    task = fl.expr(e.args[1])
    fl.at(e.loc)
    ok = PolicyLowering.of(fl).kill(fl, oc, task, e.data.reason)
    return fl.b.zext(ok, I32)


def lower_oc_kill_memcg(fl: Lowering, e: H.Intrinsic) -> Any:
    oc = _oc_ptr(fl, e.args[0])
    memcg = fl.expr(e.args[1])
    fl.at(e.loc)
    pl = PolicyLowering.of(fl)
    return pl.if_nonnull(fl, memcg, lambda: pl.kill_memcg(fl, oc, memcg, e.data.reason, e.loc), ir.Constant(I32, 0))


#: pyoombpf's experimental releaser kfunc (its test kernel only; docs/test-kernel.md)
RECLAIM_KFUNC = "bpf_oom_reclaim_memcg"


def lower_oc_reclaim(fl: Lowering, e: H.Intrinsic) -> Any:
    """``bpf_oom_reclaim_memcg(oc, memcg, nbytes)`` (the frontend allows it only with ``experimental=True``): the
    verdict is "handled" when the kernel marked the OOM handled (``bpf_memory_freed``: it reclaimed at least
    ``nbytes`` and the failed charge).  Declared weak: on a kernel without the kfunc it is PASS, so the policy
    goes on to its next choice."""
    pl, b = PolicyLowering.of(fl), fl.b
    oc = _oc_ptr(fl, e.args[0])
    memcg = fl.expr(e.args[1])
    nbytes = fl.expr(e.args[2])
    fl.at(e.loc)

    def call() -> ir.Value:
        got = pl.kfunc(fl, RECLAIM_KFUNC, [oc, memcg, nbytes])
        freed = pl.read(fl, oc, pl.struct("oom_control"), ["bpf_memory_freed"])
        ok = b.and_(
            b.icmp_signed(">", got, ir.Constant(got.type, 0)), b.icmp_unsigned("!=", freed, ir.Constant(freed.type, 0))
        )
        return b.zext(ok, I32)

    have = b.and_(b.icmp_unsigned("!=", memcg, NULL), pl.ml.externs.exists(fl, pl.sig(RECLAIM_KFUNC)))
    return fl.value_if(have, call, ir.Constant(I32, 0))


def lower_oc_released(fl: Lowering, e: H.Intrinsic) -> Any:
    """struct_ops: the kernel runs the handler once per OOM and a release acts inside the call, so no earlier run
    released anything."""
    return ir.Constant(I64, 0)


def lower_memcg_acquire(fl: Lowering, e: H.Intrinsic) -> Any:
    if e.data == MOVE:  # the walk item's own reference moves (hir/moves.py): the walk then releases nothing
        item = e.args[0]
        assert isinstance(item, H.Load)
        fl.at(e.loc)
        slot = fl.var_slot(item.var)
        moved = fl.b.load(slot, typ=PTR)
        fl.b.store(NULL, slot)
        return moved
    v = fl.expr(e.args[0])
    fl.at(e.loc)
    return PolicyLowering.of(fl).acquire_copy(fl, v)


def lower_memcg_id(fl: Lowering, e: H.Intrinsic) -> Any:
    pl = PolicyLowering.of(fl)
    m = fl.expr(e.args[0])
    fl.at(e.loc)
    return fit(fl, pl.kn_field(fl, m, "id"), e.type)


def lower_memcg_is_leaf(fl: Lowering, e: H.Intrinsic) -> Any:
    pl = PolicyLowering.of(fl)
    m = fl.expr(e.args[0])
    fl.at(e.loc)
    n = pl.read(fl, m, pl.struct("mem_cgroup"), ["css", "cgroup", "nr_descendants"])
    return fl.b.icmp_signed("==", n, ir.Constant(n.type, 0))


def lower_memcg_usage(fl: Lowering, e: H.Intrinsic) -> Any:
    m = fl.expr(e.args[0])
    fl.at(e.loc)
    return fit(fl, PolicyLowering.of(fl).kfunc(fl, "bpf_mem_cgroup_usage", [m]), e.type)


def _stat(kfunc: str) -> Any:
    def lower(fl: Lowering, e: H.Intrinsic) -> Any:
        m = fl.expr(e.args[0])
        fl.at(e.loc)
        pl = PolicyLowering.of(fl)
        _name, value = e.data
        return fit(fl, pl.kfunc(fl, kfunc, [m, ir.Constant(pl.int_param(kfunc, 1), value)]), e.type)

    return lower


def lower_memcg_swap_usage(fl: Lowering, e: H.Intrinsic) -> Any:
    """``bpf_mem_cgroup_page_state(memcg, MEMCG_SWAP)``: the kernel counts swap entries charged to the memcg
    and its descendants in MEMCG_SWAP on cgroup v1 and v2 alike, and the kfunc returns it in bytes."""
    pl = PolicyLowering.of(fl)
    m = fl.expr(e.args[0])
    fl.at(e.loc)
    _enum, value = pl.types.enum_value("MEMCG_SWAP")
    kfunc = "bpf_mem_cgroup_page_state"
    return fit(fl, pl.kfunc(fl, kfunc, [m, ir.Constant(pl.int_param(kfunc, 1), value)]), e.type)


def lower_task_oom_score_adj(fl: Lowering, e: H.Intrinsic) -> Any:
    pl = PolicyLowering.of(fl)
    t = fl.expr(e.args[0])
    fl.at(e.loc)
    return fit(fl, pl.read(fl, t, pl.struct("task_struct"), ["signal", "oom_score_adj"]), e.type)


def lower_task_is_oom_victim(fl: Lowering, e: H.Intrinsic) -> Any:
    t = fl.expr(e.args[0])
    fl.at(e.loc)
    return PolicyLowering.of(fl).is_victim(fl, t)


def lower_for_descendants(fl: Lowering, s: H.ForIter) -> None:
    PolicyLowering.of(fl)._for_descendants(fl, s)


def lower_for_tasks(fl: Lowering, s: H.ForIter) -> None:
    PolicyLowering.of(fl)._for_tasks(fl, s)


def install(table: I.Table[Any]) -> None:
    """struct_ops mode's OOM built-ins (``MemCgroup`` a ``struct mem_cgroup *`` reference)."""
    table.add_all(
        {
            I.OC_MEMCG: lower_oc_memcg,
            I.OC_ATTACH_CGROUP_ID: lower_oc_attach_cgroup_id,
            I.OC_ORDER: lower_oc_field,
            I.OC_GFP_MASK: lower_oc_field,
            I.OC_TOTALPAGES: lower_oc_field,
            I.OC_KILL: lower_oc_kill,
            I.OC_KILL_MEMCG: lower_oc_kill_memcg,
            I.OC_RECLAIM: lower_oc_reclaim,
            I.OC_RELEASED: lower_oc_released,
            I.MEMCG_COPY: lower_memcg_acquire,
            I.MEMCG_ID: lower_memcg_id,
            I.MEMCG_IS_LEAF: lower_memcg_is_leaf,
            I.MEMCG_USAGE: lower_memcg_usage,
            I.MEMCG_SWAP_USAGE: lower_memcg_swap_usage,
            I.MEMCG_PAGE_STATE: _stat("bpf_mem_cgroup_page_state"),
            I.MEMCG_MEMORY_EVENTS: _stat("bpf_mem_cgroup_memory_events"),
            I.MEMCG_VM_EVENTS: _stat("bpf_mem_cgroup_vm_events"),
            I.MEMCG_DESCENDANTS: lower_for_descendants,
            I.MEMCG_TASKS: lower_for_tasks,
            I.TASK_OOM_SCORE_ADJ: lower_task_oom_score_adj,
            I.TASK_IS_OOM_VICTIM: lower_task_is_oom_victim,
        }
    )
    why = (
        "it is bridge-only: the relay in user space deletes files and freezes cgroups; the kernel's OOM handler "
        "interface has neither"
    )
    table.refuse(I.OC_DROP_FILES, why, "compile with mode='bridge'")
    table.refuse(I.OC_FREEZE, why, "compile with mode='bridge'")
