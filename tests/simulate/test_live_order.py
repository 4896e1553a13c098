"""The task order of a live snapshot on cgroup v1: ``cgroup.procs`` is sorted by pid there, the kernel's walk goes
in join order; start time stands in for it, so pids that wrapped around at ``pid_max`` keep their real order (a
real-OOM comparison once failed when the processes got pids 32766, 32767 and 303)."""

from __future__ import annotations

from pathlib import Path

from pyoombpf.simulate.live import _tasks


def _fake(tmp_path: Path, started: dict[int, int]) -> tuple[str, str]:
    """A cgroup directory listing ``started``'s pids sorted (as v1 prints them) and a /proc with each pid's files;
    ``started``: pid -> start time in clock ticks."""
    cg, proc = tmp_path / "cg", tmp_path / "proc"
    cg.mkdir()
    (cg / "cgroup.procs").write_text("".join(f"{pid}\n" for pid in sorted(started)))
    for pid, ticks in started.items():
        d = proc / str(pid)
        d.mkdir(parents=True)
        (d / "status").write_text(f"State:\tS (sleeping)\nTgid:\t{pid}\nVmRSS:\t1024 kB\n")
        (d / "comm").write_text(f"p{pid}\n")
        (d / "oom_score_adj").write_text("0\n")
        fields = ["S"] + ["0"] * 18 + [str(ticks)] + ["0"] * 10  # field 22 (starttime) after "pid (comm)"
        (d / "stat").write_text(f"{pid} (p {pid}) " + " ".join(fields) + "\n")
    return str(cg), str(proc)


def test_v1_tasks_follow_start_time_across_a_pid_wrap(tmp_path: Path) -> None:
    cg, proc = _fake(tmp_path, {32766: 100, 32767: 150, 303: 200})
    assert [t.pid for t in _tasks(cg, proc, v1=True)] == [32766, 32767, 303]


def test_v1_tasks_started_in_one_tick_keep_pid_order(tmp_path: Path) -> None:
    cg, proc = _fake(tmp_path, {12: 100, 11: 100, 40: 90})
    assert [t.pid for t in _tasks(cg, proc, v1=True)] == [40, 11, 12]


def test_v2_tasks_keep_the_file_order(tmp_path: Path) -> None:
    cg, proc = _fake(tmp_path, {32766: 100, 32767: 150, 303: 200})
    assert [t.pid for t in _tasks(cg, proc, v1=False)] == [303, 32766, 32767]
