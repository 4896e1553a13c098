"""BTF-based feature probes for the runtime's feature report.

They read types only (nothing is loaded into the kernel), so they work on any BTF file, e.g. a test kernel's.

How the BPF OOM ABI version is recognised (``oom_abi``): the kernel has ``struct bpf_oom_ops`` only when it
carries the series.  The handler's parameters decide the version; they are taken from the struct_ops CFI stub
``bpf_oom_ops__handle_out_of_memory`` when BTF has it (kernels >= 6.9 name stubs ``<ops>__<member>``, e.g.
``bpf_dummy_ops__test_1`` on 6.18; its FUNC has parameter names), else from the member's FUNC_PROTO:

============================================================  ==========
handler parameters (pointee types)                            ABI
============================================================  ==========
``(struct bpf_oom_ctx *, struct oom_control *)``, or a member
``handle_cgroup_offline`` exists                               ``v2``
``(struct oom_control *, struct bpf_struct_ops_link *)``       ``v3``
``(struct oom_control *, struct cgroup *)``                    ``post-v3``
anything else / no ``bpf_oom_ops``                              ``None``
============================================================  ==========

``explain_oom_abi`` says which rule fired (or why none did) for the feature report.
"""

from __future__ import annotations

from pyoombpf.btf.spec import BtfSpec
from pyoombpf.btf.types import Func, FuncProto, Ptr, Struct, Type, strip


def _pointee_name(t: Type) -> str:
    t = strip(t)
    if not isinstance(t, Ptr):
        return strip(t).kind
    target = strip(t.target)
    return getattr(target, "name", target.kind)


def _first_struct(spec: BtfSpec, name: str) -> Struct | None:
    found = [t for t in spec.find_all("struct", name) if isinstance(t, Struct)]
    return found[0] if found else None


def _handler_proto(spec: BtfSpec, ops: Struct, ops_name: str, member: str) -> FuncProto | None:
    stubs = [f for f in spec.find_all("func", f"{ops_name}__{member}") if isinstance(f, Func)]
    if stubs:
        return stubs[0].proto
    try:
        t = strip(ops.member(member).type)
    except KeyError:
        return None
    if isinstance(t, Ptr) and isinstance(strip(t.target), FuncProto):
        proto = strip(t.target)
        assert isinstance(proto, FuncProto)
        return proto
    return None


def explain_oom_abi(spec: BtfSpec) -> tuple[str | None, str]:
    """``(abi, reason)``: the BPF OOM ABI version this BTF implements and why we think so."""
    ops = _first_struct(spec, "bpf_oom_ops")
    if ops is None:
        return None, "no struct bpf_oom_ops in BTF: the kernel does not carry the BPF OOM series"
    members = {m.name for m in ops.members}
    proto = _handler_proto(spec, ops, "bpf_oom_ops", "handle_out_of_memory")
    params = [_pointee_name(p.type) for p in proto.params] if proto is not None else []
    shape = f"handle_out_of_memory({', '.join(params)})"
    if "handle_cgroup_offline" in members or params[:1] == ["bpf_oom_ctx"]:
        return "v2", f"{shape} / handle_cgroup_offline present: v2 context-struct ABI"
    if params == ["oom_control", "bpf_struct_ops_link"]:
        return "v3", f"{shape}: v3 link-attached ABI"
    if params == ["oom_control", "cgroup"]:
        return "post-v3", f"{shape}: post-v3 cgroup-attach ABI"
    return None, f"struct bpf_oom_ops has an unrecognised shape: members {sorted(members)}, {shape}"


def oom_abi(spec: BtfSpec | None) -> str | None:
    """``"v2"``, ``"v3"``, ``"post-v3"`` or ``None`` (no series, or a shape pyoombpf does not know)."""
    return explain_oom_abi(spec)[0] if spec is not None else None


def psi_abi(spec: BtfSpec | None) -> str | None:
    """``"v2"`` when ``struct bpf_psi_ops`` has the v2 shape (``init(struct bpf_psi *)`` and
    ``handle_psi_event``), else ``None``."""
    if spec is None:
        return None
    ops = _first_struct(spec, "bpf_psi_ops")
    if ops is None:
        return None
    names = {m.name for m in ops.members}
    if not {"init", "handle_psi_event"} <= names:
        return None
    proto = _handler_proto(spec, ops, "bpf_psi_ops", "init")
    if proto is not None and [_pointee_name(p.type) for p in proto.params] == ["bpf_psi"]:
        return "v2"
    return None


def psi_tracepoint(spec: BtfSpec | None) -> bool:
    """The v3 form: the ``psi_avgs_work`` BTF tracepoint, taking a ``struct psi_group *`` that carries its
    ``cgroup_id`` (the prototype of pyoombpf/btf/data/psi_v3.h)."""
    if spec is None or not spec.has("typedef", "btf_trace_psi_avgs_work"):
        return False
    group = _first_struct(spec, "psi_group")
    return group is not None and "cgroup_id" in group.member_names()


def psi_abis(spec: BtfSpec | None) -> tuple[str, ...]:
    """Every BPF PSI interface the kernel implements: ``"v3"`` (the tracepoint), ``"v2"`` (``bpf_psi_ops``).
    pyoombpf's test kernel has both."""
    found = ("v3",) if psi_tracepoint(spec) else ()
    return found + (("v2",) if psi_abi(spec) == "v2" else ())


def has_kfunc(spec: BtfSpec | None, name: str) -> bool:
    """Whether the kernel has kfunc ``name``.  Exact on BTF with ``bpf_kfunc`` decl tags (6.18 has them);
    otherwise the heuristic of :meth:`BtfSpec.kfuncs` (may say yes for a non-kfunc ``bpf_*`` function)."""
    return spec is not None and spec.is_kfunc(name) and spec.has("func", name)


def struct_ops_types(spec: BtfSpec | None) -> list[str]:
    """Names of the struct_ops types the kernel registered (sorted).

    The kernel describes each registered type ``T`` with a wrapper ``struct bpf_struct_ops_T { struct
    bpf_struct_ops_common_value common; struct T data; }`` (6.18 has ``bpf_dummy_ops`` and
    ``tcp_congestion_ops``); helper structs with that prefix (``bpf_struct_ops_map``, ...) lack that shape.
    """
    if spec is None:
        return []
    out = []
    for wrapper in spec.names_with_prefix("struct", "bpf_struct_ops_"):
        s = _first_struct(spec, wrapper)
        if s is None or [m.name for m in s.members] != ["common", "data"]:
            continue
        data = strip(s.members[1].type)
        name = wrapper[len("bpf_struct_ops_") :]
        if isinstance(data, Struct) and data.name == name:
            out.append(name)
    return sorted(out)
