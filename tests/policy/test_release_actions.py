"""Release actions in the language: oc.reclaim / oc.drop_files / oc.freeze and oc.released in every mode.

What each mode makes of them: struct_ops lowers oc.reclaim to the experimental kfunc (only with
``experimental=True``) and refuses the bridge-only ones with a located error (tests/policy/progs_policy_errors.py);
bridge mode records the action for the relay and returns PASS for a site that already acted in this OOM (the
relay's tests: tests/bridge/test_release_v1.py); the Python model frees what it declares.
"""

from __future__ import annotations

import json

import pytest

import pyoombpf
from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u64
from pyoombpf.bridge import abi
from pyoombpf.bridge.decider import ProgramDecider
from pyoombpf.bridge.memcg_v1 import hierarchy_id, v1_memory_root
from pyoombpf.objspec import ObjectSpec
from pyoombpf.pyexec.oommodel import MemcgModel, OomControlModel, TaskModel
from pyoombpf.runtime import BpfObject
from tests.bridge.v1 import MB, V1Tree


@oom_handler(name="chain")
def chain(oc: OomControl) -> Verdict:
    v = oc.drop_files("cache", 8 << 20)
    if v:
        return v
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_usage: u64 = 0
    for m in scope.descendants():
        if m.is_leaf and m.usage >= best_usage:
            best, best_usage = m, m.usage
    if best is None:
        return PASS
    v = oc.reclaim(best, 4 << 20)
    if v:
        return v
    v = oc.freeze(best, seconds=7, then="kill")
    if v:
        return v
    if oc.released >= 1:
        return PASS
    return oc.kill_memcg(best, "nothing released")


@oom_handler(name="exp", experimental=True)
def exp(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    v = oc.reclaim(scope, 1 << 20)
    if v:
        return v
    return PASS


@pytest.mark.usefixtures("bundled_kernel")
def test_bridge_objects_list_their_release_sites_and_carry_them_in_the_spec() -> None:
    obj = pyoombpf.compile(chain, mode="bridge")
    assert obj.releases == [["drop_files", "cache", 0, ""], ["reclaim", "", 0, ""], ["freeze", "", 7, "kill"]]
    spec = ObjectSpec.from_json(obj.spec.to_json())
    assert spec.releases == obj.releases
    assert json.loads(obj.spec.to_json())["releases"][2] == ["freeze", "", 7, "kill"]
    assert ObjectSpec.from_elf(obj.elf).releases == obj.releases


@pytest.mark.usefixtures("bundled_kernel")
def test_struct_ops_lowers_reclaim_to_the_weak_experimental_kfunc() -> None:
    obj = pyoombpf.compile(exp)
    [decl] = [line for line in obj.ir.splitlines() if line.startswith("declare") and "bpf_oom_reclaim_memcg" in line]
    assert "extern_weak" in decl and '".ksyms"' in decl  # weak: PASS on a kernel without the kfunc
    assert "call bpf_oom_reclaim_memcg" in obj.asm
    assert obj.releases == []  # struct_ops acts in the kernel: no sites for a relay


@pytest.mark.usefixtures("bundled_kernel")
@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("oc.drop_files(name)", "takes the tag of a [release.<tag>] section as a string literal"),
        ('oc.drop_files("a b")', "a release tag is 1-63 letters"),
        ("oc.freeze(scope, seconds=0)", "a cgroup is frozen for 1 to 3600 seconds"),
        ('oc.freeze(scope, then="stop")', 'takes seconds=<integer literal> and then="thaw" or then="kill"'),
        ("oc.freeze(scope, 5)", 'oc.freeze(memcg, seconds=10, then="thaw") takes one MemCgroup and keywords'),
        ("oc.reclaim(scope)", "oc.reclaim(memcg, bytes) takes 2 arguments"),
        ('oc.drop_files("x", 1, 2)', 'oc.drop_files("tag"[, bytes]) takes 1 or 2 arguments'),
        ("oc.release(scope)", "OomControl has no method 'release'"),
    ],
)
def test_bridge_mode_misuse_is_located(tmp_path: object, body: str, message: str) -> None:
    from pathlib import Path

    src = Path(str(tmp_path)) / "bad_release.py"
    src.write_text(
        "from pyoombpf import PASS, OomControl, Verdict, oom_handler\n\n"
        "@oom_handler(name='bad')\n"
        "def bad(oc: OomControl) -> Verdict:\n"
        "    scope = oc.memcg\n"
        "    name = 3\n"
        "    if scope is None:\n"
        "        return PASS\n"
        f"    return {body}\n"
    )
    from pyoombpf.files import import_file

    with pytest.raises(pyoombpf.CompileError) as info:
        pyoombpf.compile(import_file(str(src)).bad, mode="bridge")
    assert message in str(info.value), str(info.value)
    assert info.value.lineno == 9, str(info.value)


def _model() -> tuple[OomControlModel, MemcgModel, MemcgModel]:
    root = MemcgModel(1, "/", usage=300 * MB)
    a = root.add(MemcgModel(2, "/a", usage=200 * MB, reclaimable=3 * MB))
    b = root.add(MemcgModel(3, "/b", usage=100 * MB))
    a.add_task(TaskModel(10))
    b.add_task(TaskModel(11))
    return OomControlModel(root), a, b


@pytest.mark.usefixtures("bundled_kernel")
def test_the_python_model_frees_what_is_declared_and_says_handled_only_when_enough() -> None:
    run = pyoombpf.compile(chain, mode="bridge").python()
    oc, a, _b = _model()
    oc.disposable["cache"] = 20 * MB
    assert run(oc) == 1  # 8 MiB of the 20 dropped: enough
    assert [(r.kind, r.target, r.freed) for r in oc.releases] == [("drop_files", "cache", 8 * MB)]
    assert oc.memcg.usage == 292 * MB and not oc.kills

    oc, a, _b = _model()  # nothing to drop; a (the largest leaf) has 3 MiB of page cache: too little for 4 MiB
    assert run(oc) == 1
    assert [(r.kind, r.freed) for r in oc.releases] == [("drop_files", 0), ("reclaim", 3 * MB), ("freeze", 0)]
    assert [k.pid for k in oc.kills] == [10]  # released stays 0 in one run: the kill is the answer
    oc2, _a, _b = _model()
    oc2.released = 5 * MB  # a bridge re-run after releases that freed something: the policy passes
    assert run(oc2) == 0 and not oc2.kills


@pytest.mark.usefixtures("bundled_kernel")
def test_the_struct_ops_python_twin_reclaims_with_the_experimental_kfunc_semantics() -> None:
    run = pyoombpf.compile(exp).python()
    oc, _a, _b = _model()
    oc.memcg.reclaimable = 2 * MB
    assert run(oc) == 1 and oc.releases[0].freed == MB


needs_v1 = pytest.mark.skipif(v1_memory_root() is None, reason="no cgroup v1 memory hierarchy (bridge mode's v1 path)")


@needs_v1
@pytest.mark.kernel
def test_the_bridge_program_records_actions_and_moves_on_once_a_site_acted() -> None:
    obj = pyoombpf.compile(chain, mode="bridge")
    with V1Tree() as t, BpfObject.open(obj.elf, name=obj.name) as bpf:
        t.make("leaf")
        bpf.load()
        decide = ProgramDecider(bpf, obj.symbol)

        def run(tried: int, released: int = 0) -> tuple[int, list[abi.ActionRecord], int]:
            ctx = abi.BridgeContext(
                memcg_id=t.cgroup_id(), attach_cgroup_id=t.cgroup_id(), hierarchy_id=hierarchy_id(),
                tried=tried, released=released,
            )  # fmt: skip
            d = decide(ctx)
            return d.retval, d.actions, d.ctx.nr_kills

        assert run(0) == (1, [abi.ActionRecord(0, 0, 8 * MB)], 0)
        retval, [action], _ = run(0b1)
        assert retval == 1 and (action.site, action.cgroup_id, action.nbytes) == (1, t.cgroup_id("leaf"), 4 * MB)
        assert run(0b11)[:2] == (1, [abi.ActionRecord(2, t.cgroup_id("leaf"), 0)])
        assert run(0b111, released=MB) == (0, [], 0)  # oc.released >= 1: PASS
        assert run(0b111) == (0, [], 0)  # no task in the leaf: kill_memcg killed nothing
