"""Bridge-mode programs on this machine's kernel, without the relay: the compiled SYSCALL program is run once
with a hand-made context over real v1 memcgs holding real processes (the relay's tests are in tests/bridge/)."""

from __future__ import annotations

import os
import subprocess

import pytest

import pyoombpf
from pyoombpf import PASS, ArrayMap, HashMap, MemCgroup, OomControl, Verdict, oom_handler, u32, u64
from pyoombpf.bridge import abi
from pyoombpf.bridge.memcg_v1 import hierarchy_id, v1_memory_root
from pyoombpf.btf import memcg_stats
from pyoombpf.compiler import build_hir
from pyoombpf.errors import CompileError
from pyoombpf.hir import nodes as H
from pyoombpf.lowering.bridge import read_only_guards
from pyoombpf.runtime import BpfObject, BytesCodec, IntCodec
from tests.bridge.v1 import MB, V1Tree, read
from tests.examples import example
from tests.waits import wait_until

largest_leaf = example("largest_leaf").largest_leaf
oomd_like = example("oomd_like").oomd_like

stats_out = ArrayMap(u64, max_entries=16)


@oom_handler(name="stats_probe")
def stats_probe(oc: OomControl) -> Verdict:
    m = oc.memcg
    if m is None:
        return PASS
    stats_out[0] = m.page_state("NR_FILE_PAGES")
    stats_out[1] = m.page_state("NR_ANON_MAPPED")
    stats_out[2] = m.page_state("NR_ACTIVE_ANON") + m.page_state("NR_INACTIVE_ANON")
    stats_out[3] = m.vm_events("PGFAULT")
    stats_out[4] = m.vm_events("PGPGIN")
    stats_out[5] = m.usage
    stats_out[6] = m.id
    stats_out[7] = m.vm_events("PGMAJFAULT")
    return PASS


skip_ids = HashMap(u64, u32, max_entries=64)


def holds_task(memcg: MemCgroup) -> bool:
    for _task in memcg.tasks():
        return True
    return False


@oom_handler(name="guarded_walk")
def guarded_walk(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_usage: u64 = 0
    for memcg in scope.descendants():
        if not memcg.is_leaf:
            continue
        if memcg.id in skip_ids:
            continue
        if memcg.usage <= best_usage:
            continue
        if not holds_task(memcg):  # a call (it walks tasks): tested with a reference, as the body
            continue
        best, best_usage = memcg, memcg.usage
    if best is None:
        return PASS
    return oc.kill_memcg(best, "guarded_walk")


def test_bridge_walks_test_only_leading_read_only_guards_before_a_reference() -> None:
    """A walk's leading ``if …: continue`` statements that only read the item (fields, counters, map lookups by
    its id) run before ``bpf_cgroup_acquire``; the first one that calls a function ends the guards."""
    loop = next(s for s in build_hir(guarded_walk).entry.body if isinstance(s, H.ForIter))
    assert read_only_guards(loop) == loop.body[:3]
    obj = pyoombpf.compile(guarded_walk, mode="bridge")
    walk = obj.asm[obj.asm.index("bpf_iter_css_new", obj.asm.index("guarded_walk")) :]
    assert walk.index("bpf_rdonly_cast") < walk.index("bpf_cgroup_acquire")  # usage is read before a reference


@pytest.mark.usefixtures("bundled_kernel")
def test_bridge_objects_have_one_syscall_program_and_the_kill_map() -> None:
    for policy in (largest_leaf, oomd_like):
        obj = pyoombpf.compile(policy, mode="bridge")
        assert obj.kind == "bridge" and obj.symbol == policy.__pyoombpf_policy__.name
        assert obj.kill_reasons == [f"{obj.symbol} policy"]
        assert "syscall" in obj.asm and "bpf_send_signal_task" in obj.asm


def test_bridge_mode_is_for_policies_only() -> None:
    def plain(x: u64) -> u64:
        return x

    with pytest.raises(CompileError, match="not an @oom_handler policy") as info:
        pyoombpf.compile(plain, mode="bridge")
    assert info.value.loc is not None and info.value.loc.lineno == plain.__code__.co_firstlineno  # at its def
    with pytest.raises(ValueError, match="mode must be"):
        pyoombpf.compile(largest_leaf, mode="kernel")


needs_v1 = pytest.mark.skipif(
    v1_memory_root() is None, reason="no cgroup v1 memory hierarchy (bridge mode's v1 path needs one)"
)


class _Loaded:
    def __init__(self, policy: object) -> None:
        self.compiled = pyoombpf.compile(policy, mode="bridge")
        self.obj = BpfObject.open(self.compiled.elf, name=self.compiled.name)
        self.obj.load()
        self.prog = self.obj.program(self.compiled.symbol)

    def run(self, memcg_id: int, attach_id: int = 1) -> tuple[int, abi.BridgeContext, list[abi.KillRecord]]:
        ctx = abi.BridgeContext(memcg_id=memcg_id, attach_cgroup_id=attach_id, hierarchy_id=hierarchy_id())
        r = self.prog.test_run(ctx.encode())
        out = abi.BridgeContext.decode(r.ctx_out)
        kills = self.obj.map(abi.KILLS_MAP, IntCodec(4), BytesCodec(abi.KILL_SIZE))
        return r.retval, out, [abi.decode_kill(kills[i]) for i in range(min(out.nr_kills, abi.MAX_KILLS))]

    def close(self) -> None:
        self.obj.close()


@pytest.mark.kernel
@needs_v1
def test_largest_leaf_program_kills_the_largest_killable_leaf() -> None:
    prog = _Loaded(largest_leaf)
    try:
        with V1Tree(limit_mb=256) as tree:
            for rel in ("a", "b", "c", "c/d"):
                tree.make(rel)
            small = tree.spawn("a", 20)
            big = tree.spawn("c/d", 60)
            # (a -1000 process cannot be made here: root lacks CAP_SYS_RESOURCE; the VM tests cover that rule)
            other = tree.spawn("b", 40, oom_score_adj=1000)  # the kernel's own choice
            comm = read(f"/proc/{big.pid}/comm").strip()
            retval, out, kills = prog.run(tree.cgroup_id())
            assert (retval, out.status, out.nr_kills) == (1, abi.STATUS_OK, 1)
            assert [(k.pid, k.comm, k.cgroup_id) for k in kills] == [(big.pid, comm, tree.cgroup_id("c/d"))]
            assert prog.compiled.kill_reasons[kills[0].reason] == "largest_leaf policy"
            assert big.killed()
            assert small.alive() and other.alive()
    finally:
        prog.close()


@pytest.mark.kernel
@needs_v1
def test_guarded_walk_skips_by_its_guards_and_kills_the_best_of_the_rest() -> None:
    """Guards tested without a reference decide as written: an interior memcg, a leaf whose id is in the map and
    leaves that cannot beat the best are skipped; an empty leaf is skipped by the call after the guards."""
    prog = _Loaded(guarded_walk)
    try:
        with V1Tree(limit_mb=256) as tree:
            for rel in ("a", "b", "c", "c/d", "e"):
                tree.make(rel)
            small = tree.spawn("a", 20)
            biggest = tree.spawn("b", 60)
            big = tree.spawn("c/d", 40)
            prog.obj.map("skip_ids", IntCodec(8), IntCodec(4))[tree.cgroup_id("b")] = 1
            retval, out, kills = prog.run(tree.cgroup_id())
            assert (retval, out.status, out.nr_kills) == (1, abi.STATUS_OK, 1)
            assert [(k.pid, k.cgroup_id) for k in kills] == [(big.pid, tree.cgroup_id("c/d"))]
            assert big.killed()
            assert small.alive() and biggest.alive()
    finally:
        prog.close()


@pytest.mark.kernel
@needs_v1
def test_bridge_program_decides_at_its_attach_point_and_passes_for_unknown_memcgs() -> None:
    """The example handles an OOM of the very cgroup it is attached to; the chain test policy passes there (the
    handler above decides); an id that names no memcg is a pass with STATUS_NO_MEMCG."""
    from .chain_policy import largest_leaf_chain

    prog, chain = _Loaded(largest_leaf), _Loaded(largest_leaf_chain)
    try:
        with V1Tree(limit_mb=128) as tree:
            tree.make("a")
            victim = tree.spawn("a", 20)
            retval, out, kills = chain.run(tree.cgroup_id(), attach_id=tree.cgroup_id())
            assert (retval, out.nr_kills, kills) == (0, 0, [])
            assert victim.alive()
            retval, out, _ = prog.run(memcg_id=(1 << 62) + 12345)
            assert (retval, out.status) == (0, abi.STATUS_NO_MEMCG)
            retval, out, kills = prog.run(tree.cgroup_id(), attach_id=tree.cgroup_id())
            assert (retval, out.nr_kills) == (1, 1) and [k.pid for k in kills] == [victim.pid]
            assert victim.killed()
    finally:
        prog.close()
        chain.close()


def _read_in(cgroup: str, path: str) -> None:
    def enter() -> None:
        with open(os.path.join(cgroup, "cgroup.procs"), "w") as f:
            f.write(str(os.getpid()))

    subprocess.run(["cat", path], stdout=subprocess.DEVNULL, preexec_fn=enter, check=True)


def _memory_stat(path: str) -> dict[str, int]:
    return {k: int(v) for k, v in (line.split() for line in read(os.path.join(path, "memory.stat")).splitlines())}


@pytest.mark.kernel
@needs_v1
def test_counters_match_the_kernels_memory_stat(tmp_path: object) -> None:
    """The per-kernel counter table (btf/memcg_stats.py) against what the kernel itself prints in v1 memory.stat
    for the same memcg: page cache, anon, the anon LRU lists, fault and page-in events, usage."""
    from pyoombpf.btf.abi import TypeSource

    if memcg_stats.layout_for(TypeSource()) is None:
        pytest.skip("this kernel has a memcg counter layout pyoombpf has no table for (and no memcg kfuncs)")
    prog = _Loaded(stats_probe)
    try:
        with V1Tree(limit_mb=256) as tree:
            tree.make("w")
            data = os.path.join("/var/tmp", f"pyoombpf-stat-{os.getpid()}")
            with open(data, "wb") as f:
                f.write(os.urandom(8 * MB))
            try:
                os.posix_fadvise(os.open(data, os.O_RDONLY), 0, 0, os.POSIX_FADV_DONTNEED)
                tree.spawn("w", 24)
                _read_in(tree.path("w"), data)  # 8 MiB of page cache charged to w
                # the kernel folds per-cpu counters into the totals at least every 2 s: wait until it has
                full = wait_until(lambda: _memory_stat(tree.path("w"))["total_rss"] >= 24 * MB)
                assert full, "memory.stat never showed the allocation"
                before = _memory_stat(tree.path("w"))
                retval, _out, _ = prog.run(tree.cgroup_id("w"))
                after = _memory_stat(tree.path("w"))
                values = prog.obj.map("stats_out", IntCodec(4), IntCodec(8))
                got = [values[i] for i in range(8)]
            finally:
                os.unlink(data)
            assert retval == 0
            expect = {
                0: "total_cache",
                1: "total_rss",
                3: "total_pgfault",
                4: "total_pgpgin",
                7: "total_pgmajfault",
            }
            for i, key in expect.items():
                assert got[i] in (before[key], after[key]), (key, got[i], before[key], after[key])
            lru = [s["total_active_anon"] + s["total_inactive_anon"] for s in (before, after)]
            assert got[2] in lru
            assert got[1] >= 24 * MB and got[3] > 0
            assert got[6] == tree.cgroup_id("w")
            assert got[5] == int(read(os.path.join(tree.path("w"), "memory.usage_in_bytes"))) or got[5] > 0
    finally:
        prog.close()


@pytest.mark.kernel
@needs_v1
def test_cgroup_and_task_queries_in_bridge_mode() -> None:
    """``memcg.parent``, names, ``task.rss/swap/memcg`` and ``oc.victim_exiting`` answer on v1 what user space
    sees (the same policy runs in struct_ops mode in the VM: tests/policy/test_queries_vm.py)."""
    from tests.policy import progs_queries as q

    prog = _Loaded(q.queries)
    try:
        with V1Tree(limit_mb=256) as tree:
            oom = tree.make("oom_test")
            tree.make("oom_test/big")
            tree.make("oom_test/small")
            tree.spawn("oom_test/small", 8)
            big = tree.spawn("oom_test/big", 40)
            rss_kb = _status_kb(big.pid, "VmRSS")
            retval, out, kills = prog.run(tree.cgroup_id("oom_test"))
            seen = prog.obj.map("seen", IntCodec(4), IntCodec(8))
            got = {i: seen[i] for i in range(13)}
            assert retval == 1 and [k.pid for k in kills] == [big.pid]
            assert big.killed()
            big_id = tree.cgroup_id("oom_test/big")
        top_level = oom.count("/") - v1_memory_root().count("/")  # type: ignore[union-attr]
        assert got[q.SCOPE_ID] and got[q.PARENT_ID] and got[q.DEPTH] == top_level
        assert got[q.NAMES] == q.IS_OOM_TEST | q.STARTS_OOM
        assert got[q.TASK_PID] == big.pid and abs(got[q.RSS] - rss_kb * 1024) < 4 * MB
        assert got[q.TASK_MEMCG_ID] == big_id and got[q.BIG_PARENT_IS_SCOPE] == 1
        assert (got[q.EXITING_BEFORE], got[q.KILLED]) == (0, 1)
    finally:
        prog.close()


def _status_kb(pid: int, key: str) -> int:
    for line in read(f"/proc/{pid}/status").splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise AssertionError(f"no {key} in /proc/{pid}/status")


@oom_handler(name="bits_walked")
def bits_walked(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    usage = scope.usage >> 20
    score: u64 = 0
    for i in range(16):
        if (usage >> i) & 1 == 1:  # noqa: SIM108 (the branching body is the point)
            score = score + 5
        else:
            score = score + 1
    if score > 60:
        return oc.kill_memcg(scope, "many bits")
    return PASS


@pytest.mark.kernel
def test_a_walked_loop_the_verifier_gives_up_on_is_named_by_its_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """``PYOOMBPF_KEEP_CARRIED=1`` keeps this short range walked with its tested sum exact, which the verifier
    cannot finish: the refusal names the ``for`` line and the sum, not the bridge's own lookup of ``oc.memcg``."""
    monkeypatch.setenv("PYOOMBPF_KEEP_CARRIED", "1")
    with pytest.raises(pyoombpf.VerifierError) as info:
        _Loaded(bits_walked)
    err = info.value
    loop_line = bits_walked.__code__.co_firstlineno + 7  # the decorator line is co_firstlineno
    assert (err.filename, err.lineno) == (__file__, loop_line), str(err)
    assert "iterations of this loop" in str(err)
    assert any(note.startswith("this loop carries score (u64)") for note in err.notes)
