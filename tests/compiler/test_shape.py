"""codegen/shape.py: the two rewrites of the optimised IR for the BPF backend (carried operations commuted so the
result shares the phi's register, remainders kept from SelectionDAG's multiply-by-inverse fold), on IR text and
on what a counted loop compiles to.  That the rewritten programs still compute what Python computes is in
test_counted.py (the kernel runs them)."""

from __future__ import annotations

import pytest

from pyoombpf import PASS, ArrayMap, OomControl, Verdict, oom_handler, u64
from pyoombpf.codegen.shape import FAKE_USE_DECL, reshape
from pyoombpf.compiler import compile as pcompile
from pyoombpf.runtime import BpfObject

from . import progs_loops as L

scores = ArrayMap(u64, max_entries=1)


@oom_handler(name="walked_mod")
def walked_mod(oc: OomControl) -> Verdict:
    """A policy (CO-RE reads, kfuncs) with a loop the verifier walks, a carried sum and a remainder test."""
    scope = oc.memcg
    if scope is None:
        return PASS
    usage = scope.usage
    score: u64 = 0
    for k in range(16):
        if (usage + k) % 3 == 0:  # noqa: SIM108 (the if/else shape is the point)
            score = score + k * 7
        else:
            score = score + 1
    scores[0] = score
    return oc.kill_memcg(scope, "score")


LOOP = """define i64 @f(i64 %seed) {
entry:
  br label %body

body:                                             ; preds = %body, %entry
  %i = phi i64 [ 0, %entry ], [ %i.next, %body ]
  %total = phi i64 [ 0, %entry ], [ %total.next, %body ]
  %x = add i64 %i, %seed, !dbg !7
  %r = urem i64 %x, 3, !dbg !7
  %c = icmp eq i64 %r, 0, !dbg !7
  %pick = select i1 %c, i64 %x, i64 1
  %total.next = add i64 %pick, %total, !dbg !8
  %i.next = add nuw nsw i64 %i, 1
  %done = icmp eq i64 %i.next, 32
  br i1 %done, label %exit, label %body

exit:                                             ; preds = %body
  ret i64 %total.next
}
"""


def test_a_carried_sum_is_commuted_and_a_remainder_kept() -> None:
    out = reshape(LOOP)
    assert out is not None
    assert "  %total.next = add i64 %total, %pick, !dbg !8" in out
    assert "  %c = icmp eq i64 %r, 0, !dbg !7\n  call void (...) @llvm.fake.use(i64 %r)\n" in out
    assert out.count(FAKE_USE_DECL) == 1
    # the induction variable's own increment is already in order; the address sum is not carried
    assert "  %i.next = add nuw nsw i64 %i, 1" in out
    assert "  %x = add i64 %i, %seed, !dbg !7" in out


def test_a_phi_used_after_the_operation_is_left_second() -> None:
    """Commuted, a phi still live after the operation would need a copy before it (measured one slot worse)."""
    text = LOOP.replace(
        "  %i.next = add nuw nsw i64 %i, 1\n", "  %keep = mul i64 %total, 5\n  %i.next = add nuw nsw i64 %i, 1\n"
    )
    out = reshape(text)
    assert out is not None  # the remainder is still kept
    assert "  %total.next = add i64 %pick, %total, !dbg !8" in out


def test_nothing_to_do_is_none() -> None:
    text = LOOP.replace("add i64 %pick, %total,", "add i64 %total, %pick,").replace("urem", "udiv")
    assert reshape(text) is None


def test_through_the_phi_joining_an_if() -> None:
    text = """define i64 @g(i64 %n) {
entry:
  br label %head

head:                                             ; preds = %join, %entry
  %p = phi i64 [ 1, %entry ], [ %p.next, %join ]
  %i = phi i64 [ 0, %entry ], [ %i.next, %join ]
  %odd = and i64 %i, 1
  %t = icmp eq i64 %odd, 0
  br i1 %t, label %then, label %join

then:                                             ; preds = %head
  %k = add i64 %i, 2
  %m = mul i64 %k, %p
  br label %join

join:                                             ; preds = %then, %head
  %p.next = phi i64 [ %m, %then ], [ %p, %head ]
  %i.next = add i64 %i, 1
  %d = icmp eq i64 %i.next, 9
  br i1 %d, label %out, label %head

out:                                              ; preds = %join
  ret i64 %p.next
}
"""
    out = reshape(text)
    assert out is not None
    assert "  %m = mul i64 %p, %k" in out


def test_a_32_bit_remainder_is_left_to_the_fold() -> None:
    """Without the fold, LLVM expands a 32-bit remainder by a constant into a longer multiply-high sequence."""
    narrow = LOOP.replace("%r = urem i64 %x, 3", "%r32 = trunc i64 %x to i32\n  %r = urem i32 %r32, 3")
    narrow = narrow.replace("%c = icmp eq i64 %r, 0", "%c = icmp eq i32 %r, 0")
    assert "fake.use" not in (reshape(narrow) or "")


def test_a_remainder_with_other_uses_or_from_another_block_is_left_alone() -> None:
    other_use = LOOP.replace("%pick = select i1 %c, i64 %x, i64 1", "%pick = select i1 %c, i64 %r, i64 1")
    assert "fake.use" not in (reshape(other_use) or "")
    moved = LOOP.replace(
        "  %c = icmp eq i64 %r, 0, !dbg !7\n", "  br label %next\n\nnext:\n  %c = icmp eq i64 %r, 0, !dbg !7\n"
    )
    assert "fake.use" not in (reshape(moved) or "")


def test_the_peer_loop_keeps_its_mod_and_sums_in_place() -> None:
    """The peer program's loop (benchmarks/peers/): `mod` by 3 (no 64-bit immediates for the multiply by the
    inverse) and the sum added into the register that carries it (no copy back at the end of the iteration)."""
    obj = pcompile(L.counted_while, cache=False)
    assert not obj._emitted.isolated, obj._emitted.isolated_because  # the fake use is inside codegen/checks' envelope
    asm = obj.asm
    body = [line.strip() for line in asm.splitlines() if line.startswith("\t") and not line.startswith("\t.")]
    assert any(line.endswith("%= 3") for line in body), body
    assert not any(line.endswith(" ll") for line in body), body
    adds = [line.split() for line in body if " += r" in line]
    assert len(adds) == 1, adds
    (dst, _, src) = adds[0]
    assert f"{dst} = {src}" not in body and f"{src} = {dst}" not in body, body


@pytest.mark.kernel
def test_a_reshaped_policy_module_loads() -> None:
    """The reshaped module is parsed again with fresh CO-RE names: twice in one process, and the kernel loads it
    (bridge mode on this kernel; struct_ops objects need the test VM)."""
    for _ in range(2):
        struct_ops = pcompile(walked_mod, cache=False)
        bridge = pcompile(walked_mod, mode="bridge", cache=False)
    assert "@llvm.fake.use" in struct_ops.optimized_ir
    assert "@llvm.fake.use" in bridge.optimized_ir
    with BpfObject.open(bridge.elf, "walked_mod") as obj:
        obj.load()


def test_a_reshape_llvm_refuses_leaves_the_module_as_the_pipeline_made_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rewrites only save instructions: text LLVM cannot parse (a bug in them) costs the saving, not the
    compile.  The object is then the one the pipeline made without them."""
    from pyoombpf.codegen import emit

    plain = pcompile(L.counted_while, cache=False)
    monkeypatch.setattr(emit, "reshape", lambda text: text + "\nthis is not IR\n")
    fallback = pcompile(L.counted_while, cache=False)
    monkeypatch.setattr(emit, "reshape", lambda text: None)
    unshaped = pcompile(L.counted_while, cache=False)
    assert "@llvm.fake.use" in plain.optimized_ir
    assert fallback.insn_count == unshaped.insn_count
    assert "@llvm.fake.use" not in fallback.optimized_ir
