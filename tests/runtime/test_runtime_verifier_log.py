"""Reading verifier logs: summary line and source location (pure text; the kernel tests cover real logs)."""

from __future__ import annotations

from pathlib import Path

from pyoombpf.runtime.verifier_log import parse, path_resolver, stuck_loop

LOG = """\
func#0 @0
0: R1=ctx() R10=fp0
; int deref(struct pid_args *args) @ policy.py:25
0: (bf) r6 = r1                       ; R1=ctx() R6=ctx()
; task = bpf_task_from_pid(args.pid) @ policy.py:27
2: (85) call bpf_task_from_pid#65891          ; R0=ptr_or_null_task_struct(id=2,ref_obj_id=2) refs=2
; args.out = task.tgid @ policy.py:29
3: (61) r1 = *(u32 *)(r0 +1268)
R0 invalid mem access 'ptr_or_null_'
processed 4 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0
"""


def test_summary_is_the_error_line_and_location_the_last_annotation_before_it() -> None:
    report = parse(LOG)
    assert report.summary == "R0 invalid mem access 'ptr_or_null_'"
    assert (report.filename, report.lineno) == ("policy.py", 29)
    assert report.source_line == "args.out = task.tgid"  # the file does not exist: the quoted text


def test_state_dumps_after_the_error_are_not_the_summary() -> None:
    log = LOG.replace(
        "R0 invalid mem access 'ptr_or_null_'\n",
        "infinite loop detected at insn 5\ncur state: R0=1 R10=fp0\nold state: R0=1 R10=fp0\n",
    )
    assert parse(log).summary == "infinite loop detected at insn 5"


def test_log_without_line_info_has_no_location() -> None:
    report = parse("0: (b7) r0 = 0\n1: (95) exit\nR0 !read_ok\nprocessed 2 insns\n")
    assert report.summary == "R0 !read_ok"
    assert (report.filename, report.lineno, report.source_line) == (None, None, None)


def test_empty_log_still_gives_a_summary() -> None:
    assert "without a message" in parse("").summary


def test_base_names_resolve_to_the_full_path_and_the_source_line_is_read_from_it(tmp_path: Path) -> None:
    source = tmp_path / "policy.py"
    source.write_text("\n" * 28 + "    args.out = task.tgid  # from the file\n")
    report = parse(LOG, path_resolver(["/elsewhere/other.py", str(source)]))
    assert report.filename == str(source)
    assert report.source_line == "    args.out = task.tgid  # from the file"


EXPLAINED = """\
; struct task_struct *task = bpf_task_from_pid(args->pid); @ verifier_errors.c:27
2: (85) call bpf_task_from_pid#29230          ; R0=trusted_ptr_or_null_task_struct(id=2) refs=2
; args->out = task->tgid; @ verifier_errors.c:29
3: (61) r1 = *(u32 *)(r0 +1116)
R0 invalid mem access 'trusted_ptr_or_null_'

Verification failed: Register Type Safety: Invalid dereference

Reason:
  R0 may be NULL here. The verifier cannot prove this access is safe.

At:
  deref @ verifier_errors.c:29:23
  Instruction context:
      2 | (85) call bpf_task_from_pid#29230
  >>> 3 | (61) r1 = *(u32 *)(r0 +1116)

Add a NULL check before the access and dereference the pointer only on the non-NULL path.
processed 4 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0
"""


def test_explanations_after_the_error_are_not_the_summary() -> None:
    """Newer verifiers (seen on 7.3) explain the error in a block after it; the summary stays the error line."""
    report = parse(EXPLAINED)
    assert report.summary == "R0 invalid mem access 'trusted_ptr_or_null_'"
    assert report.lineno == 29


def test_consecutive_error_lines_form_one_summary_line() -> None:
    log = "8: (b4) w0 = 0\n; } @ f.c:45\n9: (95) exit\nUnreleased reference id=2 alloc_insn=2\n"
    log += "BPF_EXIT instruction in main prog would lead to reference leak\nprocessed 10 insns\n"
    report = parse(log)
    assert report.summary == (
        "Unreleased reference id=2 alloc_insn=2; BPF_EXIT instruction in main prog would lead to reference leak"
    )
    assert (report.filename, report.lineno) == ("f.c", 45)  # instruction 2 is not in this log: the exit's line


def test_a_leak_points_at_the_call_that_acquired_the_reference() -> None:
    log = (
        "; task = bpf_task_from_pid(pid) @ f.py:6\n2: (85) call bpf_task_from_pid#65891 ; R0=ptr_or_null_\n"
        "; return i64(task.tgid) @ f.py:9\n7: (61) r1 = *(u32 *)(r0 +1268)\n; def leaky(pid) @ f.py:5\n"
        "9: (95) exit\nUnreleased reference id=2 alloc_insn=2\n"
    )
    assert parse(log).lineno == 6


# ------------------------------------------------------------------ loops the verifier gave up on (stuck_loop)

#: the end of a real 6.18 log: a task counter (R9) the verifier tracked exactly, so its css_task loop never
#: converged (the policy of issue 19 compiled before loop-carried locals were hidden from the verifier)
STUCK_LOG = """\
; for m in scope.descendants(): @ policy.py:11
135: (bf) r1 = r10                    ; R1=fp0 R10=fp0 refs=15,16,48828
; for t in m.tasks(): @ policy.py:15
137: (85) call bpf_iter_css_task_next#63601 138: R0=trusted_ptr_task_struct(id=48890) R6=305 R9=56 R10=fp0 \
fp-48=iter_css(ref_id=16,state=active,depth=306) fp-56=iter_css_task(ref_id=48832,state=active,depth=58) refs=15
138: (07) r9 += 1                     ; R9=57 refs=15,16,48828,48831,48832
139: (55) if r0 != 0x0 goto pc-5      ; R0=trusted_ptr_task_struct(id=48890) refs=15,16,48828,48831,48832
; for m in scope.descendants(): @ policy.py:11
135: (bf) r1 = r10                    ; R1=fp0 R10=fp0 refs=15,16,48828
; for t in m.tasks(): @ policy.py:15
137: (85) call bpf_iter_css_task_next#63601 138: R0=trusted_ptr_task_struct(id=48891) R6=305 R9=57 R10=fp0 \
fp-48=iter_css(ref_id=16,state=active,depth=306) fp-56=iter_css_task(ref_id=48832,state=active,depth=59) refs=15
138: (07) r9 += 1                     ; R9=58 refs=15,16,48828,48831,48832
139: (55) if r0 != 0x0 goto pc-5      ; R0=trusted_ptr_task_struct(id=48891) refs=15,16,48828,48831,48832
; for m in scope.descendants(): @ policy.py:11
135: (bf) r1 = r10                    ; R1=fp0 R10=fp0 refs=15,16,48828
; for t in m.tasks(): @ policy.py:15
137: (85) call bpf_iter_css_task_next#63601   ; R0=0 fp-56=iter_css_task(ref_id=48832,state=drained,depth=60) refs=15
138: (07) r9 += 1                     ; R9=60 refs=15,16,48828,48831,48832
143: (bf) r7 = r8
BPF program is too large. Processed 1000001 insn
processed 1000001 insns (limit 1000000) max_states_per_insn 302 total_states 47400 peak_states 94126 mark_read 0
"""

#: what the compiler writes into the object about these loops (pyoombpf.elf.loop_table)
LOOPS = [
    {"file": "policy.py", "line": 11, "col": 5, "end": 18, "iterator": True, "trips": None,
     "widened": ["best_n"], "kept": [["best", "MemCgroup", False]]},
    {"file": "policy.py", "line": 15, "col": 9, "end": 16, "iterator": True, "trips": None,
     "widened": [], "kept": [["n", "u64", True]]},
]  # fmt: skip


def test_a_loop_that_never_converges_is_named_with_what_changed_and_what_it_carries() -> None:
    summary = parse(STUCK_LOG).summary
    assert summary == "BPF program is too large. Processed 1000001 insn"
    stuck = stuck_loop(STUCK_LOG, summary, LOOPS, path_resolver(["/src/policy.py"]))
    assert stuck is not None
    assert (stuck.filename, stuck.lineno, stuck.col) == ("/src/policy.py", 15, 9)  # the inner loop, not line 11
    assert stuck.summary.startswith("the verifier could not prove that this loop ends")
    assert summary in stuck.summary
    changed, carried = stuck.notes[0], stuck.notes[1]
    assert changed == "between the last two iterations it checked, R9 went from 56 to 57"  # ids/depths ignored
    assert carried.startswith("this loop carries n (u64) from one iteration to the next with a value")


def test_a_loop_whose_numbers_are_hidden_gets_the_general_advice() -> None:
    loops = [dict(LOOPS[1], widened=["n"], kept=[])]
    stuck = stuck_loop(STUCK_LOG, "The sequence of 8193 jumps is too complex.", loops)
    assert stuck is not None
    assert any("(n) are already hidden from the verifier" in n for n in stuck.notes)
    assert stuck.notes[-1].startswith("what to change:")


def test_a_walked_loop_says_how_many_iterations() -> None:
    log = "".join(
        f"; total += counts[i % 4] @ policy.py:9\n{n}: (07) r1 += 1\n; for i in range(300000): @ policy.py:8\n"
        for n in range(40)
    )
    log += "The sequence of 8193 jumps is too complex.\n"
    loops = [{"file": "policy.py", "line": 8, "col": 5, "end": 9, "iterator": False, "trips": 300000}]
    stuck = stuck_loop(log, "The sequence of 8193 jumps is too complex.", loops)
    assert stuck is not None and stuck.lineno == 8
    assert "walks all 300,000 iterations of this loop" in stuck.summary


def test_other_errors_and_objects_without_a_loop_table() -> None:
    assert stuck_loop(LOG, parse(LOG).summary, LOOPS) is None  # not a complexity error
    stuck = stuck_loop(STUCK_LOG, "BPF program is too large. Processed 1000001 insn", [])
    assert stuck is not None and (stuck.filename, stuck.lineno) == ("policy.py", 15)
    assert stuck.summary.startswith("the verifier gave up going round this loop")


def test_a_walked_loop_after_an_iterator_outside_every_loop_is_the_one_named() -> None:
    """Bridge mode finds the OOMing memcg with a css walk of its own (line 6 here), outside the policy's loops: the
    loop the verifier gave up on is the walked ``range`` whose line it visited most, with what the loop carries."""
    css_next = (
        "; scope = oc.memcg @ policy.py:6\n{n}: (85) call bpf_iter_css_next#63592 {m}: "
        "R0=rcu_ptr_cgroup_subsys_state(id=14) R6=fp-40 R10=fp0 fp-40=iter_css(ref_id=13,state=active,depth=1)\n"
    )
    log = css_next.format(n=82, m=83) + css_next.format(n=92, m=93)
    log += "".join(
        f"; if (usage >> i) & 1 == 1: @ policy.py:12\n{n}: (bf) r2 = r9\n{n + 1}: (15) if r2 == 0x0 goto pc+1\n"
        for n in range(109, 170, 2)
    )
    log += "BPF program is too large. Processed 1000001 insn\n"
    loops = [{"file": "policy.py", "line": 11, "col": 5, "end": 15, "iterator": False, "trips": 16,
              "widened": [], "kept": [["score", "u64", True]]}]  # fmt: skip
    stuck = stuck_loop(log, "BPF program is too large. Processed 1000001 insn", loops)
    assert stuck is not None and (stuck.lineno, stuck.col) == (11, 5)
    assert "walks all 16 iterations of this loop" in stuck.summary
    assert any(note.startswith("this loop carries score (u64) from one iteration to the next") for note in stuck.notes)


def test_a_return_from_a_callee_walked_last_is_not_the_summary() -> None:
    """The verifier's budget ran out just after it walked a subprogram's return (a fuzz-test module): its
    "returning from callee:" lines and state dumps are not the message."""
    log = LOG.replace(
        "R0 invalid mem access 'ptr_or_null_'\n",
        "4: (95) exit\nreturning from callee:\n frame1: R0=1 R10=fp0\nto caller at 503:\n R0=1 R6=scalar() R10=fp0\n"
        "BPF program is too large. Processed 1000001 insn\n",
    )
    assert parse(log).summary == "BPF program is too large. Processed 1000001 insn"
