"""Fake "kernel" BTF blobs carrying each BPF OOM / PSI ABI shape, for probe and layering tests."""

from __future__ import annotations

from pyoombpf.btf import BtfSpec

from .btfbuild import BtfBuilder


def fake_kernel(
    oom: str | None, *, stub: bool = False, psi: bool = False, oom_fields: bool = False, psi_tp: bool = False
) -> BtfSpec:
    """A small kernel BTF.  ``oom``: None, "v2", "v3", "post-v3" or "odd" (an unknown shape); ``stub`` adds
    the CFI stub FUNC ``bpf_oom_ops__handle_out_of_memory``; ``oom_fields`` gives oom_control the series'
    members; ``psi`` adds a v2 ``bpf_psi_ops``; ``psi_tp`` the v3 ``psi_avgs_work`` tracepoint."""
    b = BtfBuilder()
    i = b.int_("int", 4, signed=True)
    u64 = b.typedef("u64", b.int_("long long unsigned int", 8))
    ch = b.int_("char", 1, signed=True, char=True)
    boolean = b.int_("_Bool", 1, bool_=True)
    cgroup = b.struct("cgroup", 8, [("level", i, 0, 0)])
    oc_members = [("order", i, 0, 0)]
    if oom_fields:
        oc_members += [("bpf_memory_freed", boolean, 32, 0)]
    oc = b.struct("oom_control", 8, oc_members)
    link = b.struct("bpf_struct_ops_link", 8, [("map", b.ptr(i), 0, 0)])
    ctx = b.struct("bpf_oom_ctx", 8, [("cgroup_id", u64, 0, 0)])
    name = b.array(ch, i, 64)
    if oom is not None:
        first, second = {
            "v2": (ctx, oc),
            "v3": (oc, link),
            "post-v3": (oc, cgroup),
            "odd": (i, i),
        }[oom]
        proto = b.func_proto(i, [("", b.ptr(first)), ("", b.ptr(second))])
        members = [("handle_out_of_memory", b.ptr(proto), 0, 0)]
        if oom == "v2":
            off_proto = b.func_proto(0, [("", b.ptr(ctx)), ("", u64)])
            members.append(("handle_cgroup_offline", b.ptr(off_proto), 64, 0))
        members.append(("name", name, 64 * len(members), 0))
        b.struct("bpf_oom_ops", 8 * (len(members) - 1) + 64, members)
        if stub:
            named = b.func_proto(i, [("oc", b.ptr(first)), ("arg", b.ptr(second))])
            b.func("bpf_oom_ops__handle_out_of_memory", named, linkage=0)
        kill = b.func_proto(i, [("oc", b.ptr(oc)), ("task", b.ptr(i)), ("message__str", b.ptr(ch))])
        b.decl_tag("bpf_kfunc", b.func("bpf_oom_kill_process", kill))
    if psi:
        bpf_psi = b.struct("bpf_psi", 8, [("x", i, 0, 0)])
        trig = b.struct("psi_trigger", 8, [("cgroup_id", u64, 0, 0)])
        init = b.func_proto(i, [("", b.ptr(bpf_psi))])
        event = b.func_proto(0, [("", b.ptr(trig))])
        b.struct(
            "bpf_psi_ops",
            16,
            [("init", b.ptr(init), 0, 0), ("handle_psi_event", b.ptr(event), 64, 0)],
        )
    if psi_tp:
        group = b.struct("psi_group", 8, [("cgroup_id", u64, 0, 0)])
        tp = b.func_proto(0, [("", b.ptr(0)), ("", b.ptr(group))])
        b.typedef("btf_trace_psi_avgs_work", b.ptr(tp))
    return BtfSpec.from_bytes(b.build(), source=f"fake-{oom}")
