"""Policies compile anywhere (bundled ABI description) and run as Python against a kernel model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import pyoombpf
from pyoombpf.compiler import compile as pcompile
from pyoombpf.pyexec.oommodel import MemcgModel, OomControlModel, TaskModel
from tests.examples import example

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
MB = 1 << 20


def _example(name: str) -> Any:
    return example(name)


def reference_tree() -> tuple[MemcgModel, MemcgModel, dict[str, TaskModel]]:
    """The kernel's largest-leaf scenario: /oom_test with cg1 10 MiB (+1000), cg2 40 MiB (-1000),
    cg3/{cg4 30 MiB, cg5 20 MiB}."""
    root = MemcgModel(1, "/")
    top = root.add(MemcgModel(2, "/oom_test", usage=100 * MB))
    cg1 = top.add(MemcgModel(3, "/oom_test/cg1", usage=10 * MB))
    cg2 = top.add(MemcgModel(4, "/oom_test/cg2", usage=40 * MB))
    cg3 = top.add(MemcgModel(5, "/oom_test/cg3", usage=50 * MB))
    cg4 = cg3.add(MemcgModel(6, "/oom_test/cg3/cg4", usage=30 * MB))
    cg5 = cg3.add(MemcgModel(7, "/oom_test/cg3/cg5", usage=20 * MB))
    tasks = {
        "cg1": cg1.add_task(TaskModel(101, b"alloc", 1000)),
        "cg2": cg2.add_task(TaskModel(102, b"alloc", -1000)),
        "cg4": cg4.add_task(TaskModel(104, b"alloc")),
        "cg5": cg5.add_task(TaskModel(105, b"alloc")),
    }
    return root, top, tasks


def test_largest_leaf_as_python_picks_cg4_wherever_it_is_attached() -> None:
    """Attached at the cgroup that is out of memory (the one carrying the limit) or above it, the example decides
    that cgroup's OOM: cg4 (cg2 is bigger but holds a -1000 task, cg3 is not a leaf)."""
    pol = _example("largest_leaf")
    run = pcompile(pol.largest_leaf).python()  # type: ignore[attr-defined]
    for attach in ("oom_test", "root"):
        root, top, tasks = reference_tree()
        oc = OomControlModel(top, attach_cgroup_id=(top if attach == "oom_test" else root).id)
        assert run(oc) == 1, attach
        assert [k.pid for k in oc.kills] == [tasks["cg4"].pid], attach


def test_the_chain_test_policy_declines_at_its_attach_point() -> None:
    """tests/policy/chain_policy.py passes at its own attach point, so the copy attached above decides."""
    from .chain_policy import largest_leaf_chain

    run = pcompile(largest_leaf_chain).python()
    root, top, tasks = reference_tree()
    at_oom = OomControlModel(top, attach_cgroup_id=top.id)
    assert run(at_oom) == 0 and at_oom.kills == []
    at_root = OomControlModel(top, attach_cgroup_id=root.id)
    assert run(at_root) == 1
    assert [k.pid for k in at_root.kills] == [tasks["cg4"].pid]


def test_policy_compiles_without_the_kernel_interface() -> None:
    pol = _example("largest_leaf")
    obj = pcompile(pol.largest_leaf)  # type: ignore[attr-defined]
    assert obj.kind == "struct_ops" and obj.insn_count > 50


@pytest.mark.kernel
def test_loading_here_names_the_missing_interface() -> None:
    from pyoombpf.runtime import BpfObject, features

    if features().has_struct_ops("bpf_oom_ops"):
        pytest.skip("this kernel has bpf_oom_ops (the struct_ops tests run instead)")
    pol = _example("largest_leaf")
    obj = pcompile(pol.largest_leaf)  # type: ignore[attr-defined]
    with BpfObject.open(obj.elf, name="largest_leaf") as bo, pytest.raises(pyoombpf.NotSupportedError) as info:
        bo.load()
    assert "bpf_oom_ops" in str(info.value) and "bridge" in str(info.value)


def test_policy_object_shape_matches_the_c_yardstick() -> None:
    """Same sections, struct_ops value type and kfunc externs as the reference C policy."""
    from pyoombpf.elf import section_map

    pol = _example("largest_leaf")
    elf = pcompile(pol.largest_leaf).elf  # type: ignore[attr-defined]
    secs = section_map(elf)
    assert ".struct_ops.link" in secs and "struct_ops.s/handle_out_of_memory" in secs
    assert b"bpf_oom_ops\x00" in elf and b"bpf_oom_kill_process\x00" in elf


def test_oomd_like_as_python_respects_preferences() -> None:
    from pyoombpf.pyexec.rules import PyEnv

    pol = _example("oomd_like")
    env = PyEnv()
    run = pcompile(pol.oomd_like).python(env)  # type: ignore[attr-defined]
    root = MemcgModel(1, "/")
    top = root.add(MemcgModel(2, "/oom_test"))
    sizes = {"critical": 34, "batch-a": 46, "batch-b": 30, "batch-c": 22, "unkillable": 26}
    groups = {}
    for i, (name, mb) in enumerate(sizes.items()):
        groups[name] = top.add(MemcgModel(10 + i, f"/oom_test/{name}", usage=mb * MB))
        groups[name].add_task(TaskModel(100 + i, name.encode(), -1000 if name == "unkillable" else 0))
    prefs = env.map(_ref(pol, "prefs")).data
    prefs[groups["critical"].id] = pol.Pref(mode=pol.OMIT)  # type: ignore[attr-defined]
    prefs[groups["batch-a"].id] = pol.Pref(mode=pol.AVOID)  # type: ignore[attr-defined]
    oc = OomControlModel(top, attach_cgroup_id=root.id)
    assert run(oc) == 1
    assert [k.memcg for k in oc.kills] == ["/oom_test/batch-b"]
    counters = env.maps["decisions"].data
    assert counters[pol.CANDIDATES] == 5 and counters[pol.OMITTED] == 1 and counters[pol.AVOIDED] == 1  # type: ignore[attr-defined]
    assert [r.cgroup_id for r in env.maps["events"].data] == [groups["batch-b"].id]


def _ref(mod: object, name: str) -> object:
    """The map reference the compiled program uses for module-level map ``name``."""
    from pyoombpf.frontend.map_rules import MapRef

    return MapRef(getattr(mod, name), name)


@pytest.mark.kernel
def test_struct_ops_mode_refuses_clearly_without_the_kernel_interface() -> None:
    from pyoombpf.modes.struct_ops import StructOpsPolicy
    from pyoombpf.runtime import features

    if features().has_struct_ops("bpf_oom_ops"):
        pytest.skip("this kernel has bpf_oom_ops (the VM tests cover loading)")
    obj = pcompile(_example("largest_leaf").largest_leaf)  # type: ignore[attr-defined]
    with pytest.raises(pyoombpf.NotSupportedError) as info:
        StructOpsPolicy(obj)
    assert "bpf_oom_ops" in str(info.value) and "bridge" in str(info.value)


def test_map_codecs_follow_the_declarations() -> None:
    pol = _example("oomd_like")
    obj = pcompile(pol.oomd_like)  # type: ignore[attr-defined]
    key, value = obj.map_codecs("prefs")
    assert key.size == 8 and value is pol.Pref  # type: ignore[attr-defined]
    with pytest.raises(KeyError, match="has no map 'nope'"):
        obj.map_codecs("nope")


@pytest.mark.parametrize(
    ("abi", "members", "params"),
    [
        ("v3", ["handle_out_of_memory", "name"], ["oom_control", "bpf_struct_ops_link"]),
        ("v2", ["handle_out_of_memory", "handle_cgroup_offline", "name"], ["bpf_oom_ctx", "oom_control"]),
        ("post-v3", ["handle_out_of_memory", "name"], ["oom_control", "cgroup"]),
    ],
)
def test_each_abi_gets_its_bpf_oom_ops_layout(abi: str, members: list[str], params: list[str], tmp_path: Path) -> None:
    from pyoombpf.btf import load_elf
    from pyoombpf.btf import types as B

    obj = pcompile(_example("largest_leaf").largest_leaf, abi=abi)  # type: ignore[attr-defined]
    assert obj.abi == abi
    path = tmp_path / f"ll-{abi}.o"
    obj.write(str(path))
    spec = load_elf(str(path), cache=False)
    ops = spec.struct("bpf_oom_ops")
    assert [m.name for m in ops.members] == members
    proto = B.strip(B.strip(ops.member("handle_out_of_memory").type).target)
    names = [B.strip(B.strip(p.type).target).name.split("___")[0] for p in proto.params]
    assert names == params
