"""PSI policies (``@psi_policy``) compile to the v3 form by default (an ``init`` SYSCALL program and a
``tp_btf.s/psi_avgs_work`` program) and to a ``bpf_psi_ops`` struct_ops object with ``abi="v2"``: sections, the
struct_ops value's BTF layout (equal to the C reference policy's), the kfuncs called, and located errors for
misuse, including what one ABI lacks."""

from __future__ import annotations

import inspect
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

import pyoombpf
from pyoombpf import ArrayMap, MemCgroup, Psi, PsiTrigger, declare_oom, i32, psi_policy, u64
from pyoombpf.btf import types as B
from pyoombpf.btf.elf import btf_section
from pyoombpf.btf.spec import BtfSpec
from pyoombpf.compiler import compile as pcompile
from pyoombpf.elf import section_map
from tests.error_marks import MARK, marked_cases
from tests.examples import example

from . import progs_psi_errors as P

REPO = Path(__file__).resolve().parents[2]
MEMBERS = ("init", "handle_psi_event", "handle_cgroup_online", "handle_cgroup_offline")
_EXAMPLE = example("psi_oom").PsiOom
cgroups_seen = ArrayMap(u64, max_entries=2)


@psi_policy(name="psi_oom", abi="v2")
class PsiOomV2:
    """The example's callbacks and the cgroup ones, which only BPF PSI v2 has."""

    init = _EXAMPLE.init
    on_event = _EXAMPLE.on_event

    def on_cgroup_online(cgroup_id: u64) -> None:  # noqa: N805
        cgroups_seen[0] = cgroup_id

    def on_cgroup_offline(cgroup_id: u64) -> None:  # noqa: N805
        cgroups_seen[1] = cgroup_id


@pytest.fixture(scope="module")
def psi_obj() -> Any:
    return pcompile(PsiOomV2)


@pytest.fixture(scope="module")
def psi_v3() -> Any:
    return pcompile(_EXAMPLE)


# --------------------------------------------------------------------------------------------- v3 (the default)


def test_v3_is_the_default_and_has_an_init_and_a_tracepoint_program(psi_v3: Any) -> None:
    assert psi_v3.kind == "psi" and psi_v3.abi == "v3" and psi_v3.symbol == "psi_oom"
    secs = section_map(psi_v3.elf)
    assert "syscall" in secs and "tp_btf.s/psi_avgs_work" in secs, sorted(secs)
    assert not any(name.startswith(("struct_ops", ".struct_ops")) for name in secs)
    assert "psi_oom_init:" in psi_v3.asm and "psi_oom_psi_avgs_work:" in psi_v3.asm


def test_v3_programs_and_the_trigger_map(psi_v3: Any) -> None:
    init, tick = psi_v3.asm.split("psi_oom_psi_avgs_work:")
    # init checks the cgroup exists (and whether it is the root) and records the trigger; no bpf_psi kfunc
    assert "call bpf_cgroup_from_id" in init and "call bpf_cgroup_release" in init
    assert "bpf_psi_create_trigger" not in psi_v3.asm
    assert "r1 = _pyoombpf_psi ll" in init and "r1 = _pyoombpf_psi ll" in tick
    # the tracepoint program reads the clock, runs on_event and declares the OOM
    assert "call 5" in tick  # bpf_ktime_get_ns
    for kfunc in ("bpf_cgroup_from_id", "bpf_get_mem_cgroup", "bpf_out_of_memory", "bpf_put_mem_cgroup"):
        assert f"call {kfunc}" in tick, kfunc


def test_the_same_source_compiles_for_both_abis(psi_v3: Any) -> None:
    v2 = pcompile(_EXAMPLE, abi="v2")
    assert v2.abi == "v2" and "struct_ops.s/handle_psi_event" in section_map(v2.elf)
    assert psi_v3.abi == "v3"
    assert pcompile(PsiOomV2, abi="v2").abi == "v2"  # the decorator's abi, or compile()'s


def test_unknown_psi_abi_is_a_clear_error() -> None:
    with pytest.raises(pyoombpf.NotSupportedError, match="BPF PSI ABI 'post-v3'"):
        pcompile(_EXAMPLE, abi="post-v3")
    with pytest.raises(ValueError, match="unknown BPF PSI ABI"):
        psi_policy(abi="v1")


# --------------------------------------------------------------------------------------------- v2 (bpf_psi_ops)


def test_one_sleepable_program_per_member_and_the_struct_ops_map(psi_obj: Any) -> None:
    secs = section_map(psi_obj.elf)
    for member in MEMBERS:
        assert f"struct_ops.s/{member}" in secs, sorted(secs)
    assert ".struct_ops.link" in secs
    assert psi_obj.kind == "psi" and psi_obj.symbol == "psi_oom"


def test_kfunc_calls_are_the_reference_ones(psi_obj: Any) -> None:
    asm = psi_obj.asm
    for kfunc in ("bpf_psi_create_trigger", "bpf_cgroup_from_id", "bpf_get_mem_cgroup", "bpf_cgroup_release"):
        assert f"call {kfunc}" in asm, kfunc
    assert "call bpf_out_of_memory" in asm
    assert "call bpf_put_mem_cgroup" in asm  # the memcg from the cgroup id is released
    # MEM | BPF_PSI_FULL, 100 ms in a 1 s window; WAIT_ON_OOM_LOCK
    assert "w3 = -2147483647" in asm and "w4 = 100000" in asm and "w5 = 1000000" in asm


def _btf(elf: bytes) -> BtfSpec:
    return BtfSpec.from_bytes(btf_section(elf), source="<obj>", origin="object")


def _layout(spec: BtfSpec, name: str) -> list[tuple[str, int, str]]:
    s = spec.struct(name)
    out = []
    for m in s.members:
        t = B.strip(m.type)
        kind = type(t).__name__
        if isinstance(t, B.Ptr):
            kind += ":" + type(B.strip(t.target)).__name__
        out.append((m.name, m.bit_offset, kind))
    return [*out, ("<size>", s.size, "")]


@pytest.fixture(scope="module")
def c_reference(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    clang = shutil.which("clang-19")
    if clang is None:
        pytest.skip("clang-19 is not installed (needed to build the C reference policy src_c/policies/psi_oom.bpf.c)")
    out = tmp_path_factory.mktemp("cref")
    subprocess.run(
        ["make", "-s", "-C", str(REPO / "src_c" / "policies"), f"OUT={out}", f"{out}/psi_oom.bpf.o"], check=True
    )
    return (out / "psi_oom.bpf.o").read_bytes()


def test_struct_ops_value_has_the_c_reference_layout(psi_obj: Any, c_reference: bytes) -> None:
    ours, theirs = _btf(psi_obj.elf), _btf(c_reference)
    assert _layout(ours, "bpf_psi_ops") == _layout(theirs, "bpf_psi_ops")
    assert section_map(psi_obj.elf)[".struct_ops.link"].size == section_map(c_reference)[".struct_ops.link"].size


def test_every_member_points_at_its_program(psi_obj: Any) -> None:
    text = psi_obj.ir
    value = re.search(r'@"psi_oom" = .*', text)
    assert value is not None
    for member in MEMBERS:
        assert f'ptr @"psi_oom_{member}"' in value.group(0), value.group(0)


def test_optional_callbacks_may_be_left_out() -> None:
    @psi_policy(name="minimal", abi="v2")
    class Minimal:
        def init(psi: Psi) -> i32:  # noqa: N805
            return psi.create_trigger(0, resource="cpu", threshold_us=50_000, window_us=2_000_000)

        def on_event(trigger: PsiTrigger) -> None:  # noqa: N805
            return

    obj = pcompile(Minimal)
    secs = section_map(obj.elf)
    assert "struct_ops.s/init" in secs and "struct_ops.s/handle_psi_event" in secs
    assert "struct_ops.s/handle_cgroup_online" not in secs
    assert re.search(r'@"minimal" = .*ptr null, ptr null, ptr null\}', obj.ir), "the absent members must be NULL"
    assert "w3 = 2\n" in obj.asm  # PSI_CPU, "some"


def test_psi_policy_needs_init_and_on_event() -> None:
    with pytest.raises(ValueError, match="lacks on_event"):

        @psi_policy()
        class NoEvent:
            def init(psi: Psi) -> i32:  # noqa: N805
                return 0


def test_psi_policy_refuses_unknown_methods() -> None:
    with pytest.raises(ValueError, match="not a PSI callback"):

        @psi_policy()
        class Typo:
            def on_evnt(x: int) -> None:  # noqa: N805
                return


def test_no_bridge_mode_for_psi_policies() -> None:
    with pytest.raises(pyoombpf.NotSupportedError, match="PSI policies in bridge mode"):
        pcompile(_EXAMPLE, mode="bridge")


def _class_cases() -> list[tuple[Any, int, int, str]]:
    out = []
    for _, cls in inspect.getmembers(P, inspect.isclass):
        if cls.__module__ != P.__name__:
            continue
        lines, start = inspect.getsourcelines(cls)
        for i, line in enumerate(lines):
            m = MARK.search(line)
            if m:
                token = m.group(1)
                out.append((cls, start + i, line.split("# E:")[0].index(token) + 1, m.group(2).strip()))
    return out


CASES = marked_cases(P) + _class_cases()


@pytest.mark.parametrize(("target", "line", "col", "message"), CASES, ids=[c[0].__name__ for c in CASES])
def test_psi_misuse_is_a_located_error(target: Any, line: int, col: int, message: str) -> None:
    with pytest.raises(pyoombpf.CompileError) as info:
        pcompile(target)
    err = info.value
    assert message in str(err), str(err)
    assert (err.filename, err.lineno, err.col) == (P.__file__, line, col), str(err)


def test_psi_policy_decorates_classes_only() -> None:
    def init(psi: Psi) -> i32:
        return 0

    with pytest.raises(TypeError, match="decorates a class"):
        psi_policy()(init)  # type: ignore[type-var]


def test_python_execution_of_psi_policies_is_refused_clearly(psi_obj: Any) -> None:
    with pytest.raises(pyoombpf.NotSupportedError, match="running a PSI policy as Python"):
        psi_obj.python()


@psi_policy(name="inline")
class InlineDeclare:
    def init(psi: Psi) -> i32:  # noqa: N805
        return psi.create_trigger(0, resource="memory", threshold_us=100_000, window_us=2_000_000)

    def on_event(trigger: PsiTrigger) -> None:  # noqa: N805
        declare_oom(MemCgroup.from_cgroup_id(trigger.cgroup_id), wait=False)


@psi_policy(name="system")
class SystemDeclare:
    def init(psi: Psi) -> i32:  # noqa: N805
        return psi.create_trigger(0, resource="memory", full=True, threshold_us=100_000, window_us=2_000_000)

    def on_event(trigger: PsiTrigger) -> None:  # noqa: N805
        declare_oom(None, order=1)


def _event_asm(obj: Any) -> str:
    return obj.asm.split("struct_ops.s/handle_psi_event" if obj.abi == "v2" else "tp_btf.s/psi_avgs_work")[1]


@pytest.mark.parametrize("abi", ["v3", "v2"])
def test_a_memcg_that_is_none_at_run_time_is_never_a_system_wide_oom(abi: str) -> None:
    asm = _event_asm(pcompile(InlineDeclare, abi=abi))
    # the memcg is tested before bpf_out_of_memory (no call with r1 = NULL), the reference released after it
    before, after = asm.split("call bpf_out_of_memory")
    assert re.search(r"if r\d == 0 goto", before.split("call bpf_get_mem_cgroup")[1]), before
    assert "r3 = 0" in before  # wait=False: no BPF_OOM_FLAGS_WAIT_ON_OOM_LOCK
    assert "call bpf_put_mem_cgroup" in after


@pytest.mark.parametrize("abi", ["v3", "v2"])
def test_declare_oom_none_is_a_system_wide_oom(abi: str) -> None:
    asm = _event_asm(pcompile(SystemDeclare, abi=abi))
    before = asm.split("call bpf_out_of_memory")[0]
    assert "r1 = 0" in before and "w2 = 1" in before and "r3 = 1" in before, before
    assert "bpf_get_mem_cgroup" not in asm


def test_declaring_on_the_root_memcg_declares_a_system_wide_oom() -> None:
    """The memcg's css.parent is checked right before bpf_out_of_memory: NULL (the root) passes NULL."""
    asm = _event_asm(pcompile(InlineDeclare, abi="v2"))
    before = asm.split("call bpf_out_of_memory")[0].split("call bpf_get_mem_cgroup")[1]
    assert re.search(r"r\d = \*\(u64 \*\)\(r\d \+ \d+\)\n\s*r1 = 0\n\s*if r\d == 0 goto", before), before


def test_stage_dumps_work_for_psi_policies(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PYOOMBPF_DUMP_HIR", "1")
    monkeypatch.setenv("PYOOMBPF_DUMP_IR", "1")
    pcompile(PsiOomV2)
    err = capsys.readouterr().err
    assert "pyoombpf HIR" in err and "not printable as Python" in err
    assert 'section "struct_ops.s/handle_psi_event"' in err or "struct_ops.s/handle_psi_event" in err
    pcompile(_EXAMPLE)
    assert 'section "tp_btf.s/psi_avgs_work"' in capsys.readouterr().err
