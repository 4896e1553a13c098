"""The bundled ABI description and the layered TypeSource (kernel first, bundle second)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pyoombpf.btf import (
    Array,
    BtfSpec,
    Enum,
    Func,
    FuncProto,
    Int,
    Ptr,
    Struct,
    TypeNotFoundError,
    TypeSource,
    sizeof,
    strip,
    type_name,
)
from pyoombpf.btf.bundle import OOM_ABIS, load_bundle

from .conftest import needs_vmlinux
from .fakes import fake_kernel


def _handler_params(src: TypeSource) -> list[str]:
    ops = src.struct("bpf_oom_ops")
    fp = strip(ops.member("handle_out_of_memory").type)
    assert isinstance(fp, Ptr) and isinstance(fp.target, FuncProto)
    return [type_name(p.type) for p in fp.target.params]


# ------------------------------------------------------------------------------------ bundle alone (no BTF)


@pytest.mark.parametrize(
    ("abi", "members", "params", "size"),
    [
        (
            "v2",
            ["handle_out_of_memory", "handle_cgroup_offline", "name"],
            ["struct bpf_oom_ctx *", "struct oom_control *"],
            80,
        ),
        (
            "v3",
            ["handle_out_of_memory", "name"],
            ["struct oom_control *", "struct bpf_struct_ops_link *"],
            72,
        ),
        ("post-v3", ["handle_out_of_memory", "name"], ["struct oom_control *", "struct cgroup *"], 72),
    ],
)
def test_bpf_oom_ops_per_version(abi: str, members: list[str], params: list[str], size: int) -> None:
    src = TypeSource(spec=None, abi=abi)
    ops = src.struct("bpf_oom_ops")
    assert ops.origin == "bundle" and [m.name for m in ops.members] == members and ops.size == size
    assert _handler_params(src) == params
    name = ops.member("name")
    assert isinstance(name.type, Array) and name.type.nelems == 64 and name.byte_offset == size - 64
    fp = strip(ops.member("handle_out_of_memory").type)
    assert isinstance(fp, Ptr) and type_name(fp.target.ret) == "int"  # type: ignore[attr-defined]


def test_v2_only_types() -> None:
    ctx = TypeSource(spec=None, abi="v2").struct("bpf_oom_ctx")
    assert [(m.name, type_name(m.type)) for m in ctx.members] == [("cgroup_id", "u64")] and ctx.size == 8
    with pytest.raises(
        TypeNotFoundError,
        match=r"struct 'bpf_oom_ctx' not found in the bundled ABI description \(oom v3, psi v3\); there",
    ):
        TypeSource(spec=None, abi="v3").struct("bpf_oom_ctx")


def test_bpf_out_of_memory_forms() -> None:
    v2 = TypeSource(spec=None, abi="v2").kfunc("bpf_out_of_memory").proto
    v3 = TypeSource(spec=None, abi="v3").kfunc("bpf_out_of_memory").proto
    assert [p.name for p in v2.params] == ["memcg__nullable", "order", "flags", "constraint_text__nullable"]
    assert [p.name for p in v3.params] == ["memcg__nullable", "order", "flags"]
    assert [type_name(p.type) for p in v3.params] == ["struct mem_cgroup *", "int", "u64"]


KFUNCS = {
    "bpf_oom_kill_process": ("int", ["struct oom_control *", "struct task_struct *", "const char *"]),
    "bpf_task_is_oom_victim": ("bool", ["struct task_struct *"]),
    "bpf_get_mem_cgroup": ("struct mem_cgroup *", ["struct cgroup_subsys_state *"]),
    "bpf_put_mem_cgroup": ("void", ["struct mem_cgroup *"]),
    "bpf_get_root_mem_cgroup": ("struct mem_cgroup *", []),
    "bpf_mem_cgroup_usage": ("long unsigned int", ["struct mem_cgroup *"]),
    "bpf_mem_cgroup_page_state": ("long unsigned int", ["struct mem_cgroup *", "int"]),
    "bpf_mem_cgroup_vm_events": ("long unsigned int", ["struct mem_cgroup *", "enum vm_event_item"]),
    "bpf_mem_cgroup_memory_events": ("long unsigned int", ["struct mem_cgroup *", "enum memcg_memory_event"]),
    "bpf_mem_cgroup_flush_stats": ("void", ["struct mem_cgroup *"]),
    "bpf_psi_create_trigger": ("int", ["struct bpf_psi *", "u64", "u32", "u32", "u32"]),
}


@pytest.mark.parametrize("abi", OOM_ABIS)
def test_abi_document_kfuncs(abi: str) -> None:
    src = TypeSource(spec=None, abi=abi, psi_abi="v2")  # bpf_psi_create_trigger is a v2 kfunc
    for name, (ret, params) in KFUNCS.items():
        fn = src.kfunc(name)
        assert isinstance(fn, Func) and fn.is_kfunc and fn.origin == "bundle"
        assert (type_name(fn.proto.ret), [type_name(p.type) for p in fn.proto.params]) == (ret, params), name
    assert set(KFUNCS) <= src.kfuncs()


def test_psi_v3_types() -> None:
    src = TypeSource(spec=None)  # v3 is the default
    proto = strip(src.typedef("btf_trace_psi_avgs_work").target)
    assert isinstance(proto, Ptr)
    params = strip(proto.target).params  # type: ignore[attr-defined]
    assert [type_name(p.type) for p in params] == ["void *", "struct psi_group *"]
    group = src.struct("psi_group")
    assert {"cgroup_id", "total", "avg"} <= set(group.member_names())
    assert [src.enum_value(n)[1] for n in ("PSI_MEM_SOME", "PSI_MEM_FULL", "PSI_AVGS")] == [2, 3, 0]
    assert not src.has("struct", "bpf_psi_ops")  # v3 has none


def test_psi_types() -> None:
    src = TypeSource(spec=None, psi_abi="v2")
    ops = src.struct("bpf_psi_ops")
    assert [m.name for m in ops.members] == [
        "init",
        "handle_psi_event",
        "handle_cgroup_online",
        "handle_cgroup_offline",
        "bpf_psi",
    ]
    psi = src.struct("bpf_psi")
    assert psi.size == 0 and psi.members == ()  # opaque, but a definition (kfunc pointees must not be FWD)
    assert src.struct("psi_trigger").member("cgroup_id").type.origin == "bundle"
    assert src.constant("BPF_PSI_FULL") == 0x80000000
    assert [src.enum_value(n)[1] for n in ("PSI_IO", "PSI_MEM", "PSI_CPU", "PSI_IRQ")] == [0, 1, 2, 3]


def test_flags_and_constants() -> None:
    src = TypeSource(spec=None)
    enum, value = src.enum_value("BPF_OOM_FLAGS_WAIT_ON_OOM_LOCK")
    assert isinstance(enum, Enum) and enum.name == "bpf_oom_flags" and value == 1 and enum.origin == "bundle"
    assert src.enum("bpf_oom_flags").values["BPF_OOM_FLAGS_LAST"] == 2
    assert src.constant("BPF_OOM_NAME_MAX_LEN") == 64 and src.constant("CSS_TASK_ITER_PROCS") == 1
    assert src.constant("PIDTYPE_TGID") == 1 and src.constant("OOM_SCORE_ADJ_MIN") == -1000
    with pytest.raises(TypeNotFoundError):
        src.constant("NO_SUCH_CONSTANT")


def test_btf_less_kernel_subset() -> None:
    src = TypeSource(spec=None)
    task = src.struct("task_struct")
    assert task.origin == "bundle"
    assert {"pid", "tgid", "comm", "signal", "mm", "flags", "cgroups"} <= set(task.member_names())
    signal = strip(task.member("signal").type)
    assert isinstance(signal, Ptr) and type_name(signal.target.member("oom_score_adj").type) == "short int"  # type: ignore[attr-defined]
    memcg = src.struct("mem_cgroup")
    css = memcg.member("css").type
    assert isinstance(css, Struct) and css.member("cgroup").byte_offset == 0
    kn = src.struct("cgroup").member("kn").type
    assert isinstance(kn, Ptr) and type_name(kn.target.member("id").type) == "u64"  # type: ignore[attr-defined]
    assert type_name(src.struct("css_set").member("dfl_cgrp").type) == "struct cgroup *"
    oc = src.struct("oom_control")
    assert oc.origin == "bundle" and oc.member_names()[-2:] == ("bpf_memory_freed", "bpf_handler_name")
    assert src.kfunc("bpf_task_from_pid").origin == "bundle"
    assert src.enum_value("NR_FILE_PAGES")[0].origin == "bundle"
    mm = src.struct("mm_struct")  # what task.rss/swap and oc.victim_exiting read
    assert mm.origin == "bundle" and {"rss_stat", "flags"} <= set(mm.member_names())
    assert src.enum_value("MM_SWAPENTS")[1] == 2
    zonelist = src.lookup("struct", "zonelist")
    assert zonelist.kind == "fwd"
    with pytest.raises(TypeNotFoundError, match="only an opaque forward declaration"):
        src.struct("zonelist")


def test_bundle_natural_layout() -> None:
    src = TypeSource(spec=None)
    link = src.struct("bpf_struct_ops_link")  # extension only: the kernel type is unknown without BTF
    assert [(m.name, m.byte_offset) for m in link.members] == [
        ("cgroup", 0),
        ("cgroup_removed", 8),
        ("list", 16),
    ]
    assert link.size == 32 and sizeof(link.member("list").type) == 16


def test_bundle_parses_every_version() -> None:
    for abi in OOM_ABIS:
        b = load_bundle(abi, "v2")
        assert ("struct", "bpf_oom_ops") in b.oom_specific and ("func", "bpf_out_of_memory") in b.oom_specific
        assert ("struct", "bpf_psi_ops") in b.psi_specific


# ------------------------------------------------------------------------------------ layered on a kernel


def test_kernel_answers_first_and_bundle_extends() -> None:
    kernel = fake_kernel(None)
    src = TypeSource(spec=kernel, abi="v3")
    oc = src.struct("oom_control")
    assert oc.origin == "kernel+bundle"
    assert [(m.name, m.bit_offset) for m in oc.members] == [
        ("order", 0),
        ("bpf_memory_freed", 64),
        ("bpf_handler_name", 128),
    ]
    assert oc.members[0] == kernel.struct("oom_control").members[0]  # kernel members untouched
    assert type_name(oc.member("bpf_handler_name").type) == "const char *" and oc.size == 24
    cgroup = src.struct("cgroup")
    assert cgroup.origin == "kernel" and cgroup is kernel.struct("cgroup")
    link = src.struct("bpf_struct_ops_link")
    assert link.member_names() == ("map", "cgroup", "cgroup_removed", "list")


def test_extension_skips_members_the_kernel_has() -> None:
    src = TypeSource(spec=fake_kernel(None, oom_fields=True))
    assert src.struct("oom_control").member_names() == ("order", "bpf_memory_freed", "bpf_handler_name")
    assert src.struct("oom_control").member("bpf_memory_freed").type.origin == "kernel"


def test_bundle_types_reach_kernel_types_by_name() -> None:
    kernel = fake_kernel(None)
    src = TypeSource(spec=kernel, abi="v3")
    fp = strip(src.struct("bpf_oom_ops").member("handle_out_of_memory").type)
    assert isinstance(fp, Ptr) and isinstance(fp.target, FuncProto)
    oc = strip(fp.target.params[0].type)
    assert isinstance(oc, Ptr) and oc.target.origin == "kernel+bundle"
    u64 = src.typedef("u64")
    assert u64.origin == "kernel" and isinstance(strip(u64), Int)


def test_kernel_with_the_requested_abi_wins() -> None:
    kernel = fake_kernel("v3")
    assert TypeSource(spec=kernel, abi="v3").struct("bpf_oom_ops").origin == "kernel"
    v2 = TypeSource(spec=kernel, abi="v2")
    assert v2.struct("bpf_oom_ops").origin == "bundle" and v2.kernel_oom_abi == "v3"
    assert _handler_params(v2) == ["struct bpf_oom_ctx *", "struct oom_control *"]
    assert TypeSource(spec=kernel, abi="v2").kfunc("bpf_oom_kill_process").origin == "kernel"
    assert TypeSource(spec=fake_kernel("post-v3"), abi="auto").abi == "post-v3"
    assert TypeSource(spec=fake_kernel(None), abi="auto").abi == "v3"


def test_unknown_abi_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown BPF OOM ABI 'v9'"):
        TypeSource(spec=None, abi="v9")


@needs_vmlinux
def test_on_this_kernel(kernel: BtfSpec) -> None:
    src = TypeSource(spec=kernel)
    assert src.abi == "v3" and src.kernel_oom_abi is None
    assert src.struct("bpf_oom_ops").origin == "bundle"
    oc = src.struct("oom_control")
    kernel_oc = kernel.struct("oom_control")
    assert oc.origin == "kernel+bundle" and oc.members[: len(kernel_oc.members)] == kernel_oc.members
    assert oc.member("bpf_memory_freed").bit_offset == kernel_oc.size * 8
    assert src.struct("task_struct").origin == "kernel"
    assert src.kfunc("bpf_task_from_pid").origin == "kernel"
    assert src.kfunc("bpf_get_mem_cgroup").origin == "bundle"
    v2 = TypeSource(spec=kernel, psi_abi="v2")
    assert v2.enum_value("PSI_MEM")[0].origin == "kernel" and v2.enum_value("PSI_IRQ")[0].origin == "bundle"
    with pytest.raises(TypeNotFoundError, match="did you mean 'task_struct'"):
        src.struct("task_strct")


@needs_vmlinux
def test_bundled_kernel_subset_matches_this_kernel(kernel: BtfSpec) -> None:
    """Every member of the bundled kernel subset exists in 6.18's BTF with the same C spelling."""
    bundled = TypeSource(spec=None)
    b = load_bundle()
    checked = 0
    for (kind, name), decl in b.structs.items():
        if not kernel.has(kind, name) or decl.name in (
            "bpf_psi",
            "bpf_iter_css",
            "bpf_iter_css_task",
            "bpf_iter_task",
        ):
            continue
        ours = bundled.lookup(kind, name)
        theirs = kernel.lookup(kind, name)
        assert isinstance(ours, Struct) and isinstance(theirs, Struct)
        declared = {m.name for m in decl.members}  # not the series' extension members
        for m in ours.members:
            if m.name in declared:
                path = theirs.find(m.name)  # the kernel may nest it in an anonymous struct (mm_struct does)
                assert path is not None, f"{name}.{m.name}"
                # array lengths (memcg_vmstats' counters) depend on the kernel's configuration, not its version
                ours_t, theirs_t = (re.sub(r"\[\d+\]", "[]", type_name(t)) for t in (m.type, path[-1][1].type))
                assert ours_t == theirs_t, f"{name}.{m.name}"
                checked += 1
    for name in b.funcs:
        if kernel.has("func", name):
            k = kernel.func(name).proto
            ours_fn = bundled.func(name).proto
            assert [type_name(p.type) for p in ours_fn.params] == [type_name(p.type) for p in k.params], name
            checked += 1
    assert checked > 40


def test_default_source_without_kernel_btf(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from pyoombpf.btf import forget_vmlinux

    monkeypatch.setenv("PYOOMBPF_VMLINUX_BTF", str(tmp_path / "absent"))
    forget_vmlinux()
    src = TypeSource()
    assert src.spec is None and "kernel=None" in repr(src)
    assert src.struct("task_struct").origin == "bundle"
    assert src.kfunc("bpf_oom_kill_process").proto.params[0].type.target.origin == "bundle"  # type: ignore[attr-defined]


def test_a_kernel_with_both_psi_forms_serves_both_abis() -> None:
    kernel = fake_kernel(None, psi=True, psi_tp=True)  # like pyoombpf's test kernel
    v2, v3 = TypeSource(spec=kernel, psi_abi="v2"), TypeSource(spec=kernel, psi_abi="v3")
    assert v2.kernel_psi_abis == ("v3", "v2")
    assert v2.struct("bpf_psi_ops").origin == "kernel"
    assert v3.typedef("btf_trace_psi_avgs_work").origin == "kernel"
    assert TypeSource(spec=kernel, psi_abi="auto").psi_abi == "v3"
