"""Reading verifier logs: summary line and source location (pure text; the kernel tests cover real logs)."""

from __future__ import annotations

from pathlib import Path

from pyoombpf.runtime.verifier_log import parse, path_resolver

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
