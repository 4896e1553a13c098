"""A representative OOM handler (~60 lines of policy) used by the compile benchmark.

`choose` scores up to four candidate pids and returns the one to kill (0 = none): it looks each task up with a
kfunc, reads kernel fields through CO-RE (`signal.oom_score_adj`, `comm`, `real_parent.tgid`), applies per-pid
preferences from a hash map, honours a config value (minimum score) and sends one decision record per candidate
through a ring buffer.  Compile it with `pyoombpf compile benchmarks/handler60.py --function choose`.
"""

from pyoombpf import ArrayMap, HashMap, RingBuf, config, i32, i64, kfuncs, ktypes, record, u8, u32, u64

AVOID = 1
OMIT = 2
UNKILLABLE = -1000


@record
class Pref:
    mode: u8
    bonus: i32


@record
class Decision:
    pid: u32
    score: i64
    reason: u32


prefs = HashMap(u32, Pref, max_entries=1024)
counters = ArrayMap(u64, max_entries=4)
decisions = RingBuf(max_bytes=64 * 1024)
min_score = config(i64, 100)


def is_shell(task: ktypes.task_struct) -> bool:
    c = task.comm
    return c[0] == 98 and c[1] == 97 and c[2] == 115 and c[3] == 104  # "bash"


def omitted_ancestor(task: ktypes.task_struct) -> bool:
    """A parent (up to 8 levels) marked OMIT protects its descendants."""
    depth = 0
    t = task.real_parent
    while t is not None and depth < 8:
        if prefs.get(u32(t.tgid)).mode == OMIT:
            return True
        t = t.real_parent
        depth += 1
    return False


def score(pid: u32) -> i64:
    """The task's badness, or -1 when it must not be chosen."""
    task = kfuncs.bpf_task_from_pid(i32(pid))
    if task is None:
        return -1
    adj = i64(task.signal.oom_score_adj)
    result: i64 = -1
    if adj != UNKILLABLE and task.real_parent.tgid != 1:
        result = adj + 1000
        if is_shell(task):
            result = result // 2
        pref = prefs.get(pid)
        if pref.mode == OMIT or omitted_ancestor(task):
            result = -1
        elif pref.mode == AVOID:
            result = result // 4
        result += pref.bonus
    kfuncs.bpf_task_release(task)
    return result


def choose(a: u32, b: u32, c: u32, d: u32) -> u32:
    best: u32 = 0
    best_score: i64 = min_score - 1
    for i in range(4):
        pid = a if i == 0 else b if i == 1 else c if i == 2 else d
        if pid == 0:
            continue
        s = score(pid)
        reason: u32 = 0
        if s < 0:
            reason = 1
        elif s > best_score:
            best, best_score = pid, s
            reason = 2
        counters[reason] += 1
        decisions.output(Decision(pid=pid, score=s, reason=reason))
    return best
