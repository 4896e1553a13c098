"""A policy that asks every question of the language's cgroup/task queries and writes the answers to a map:
``memcg.parent``, ``name_is``/``name_startswith``, ``task.rss``/``swap``/``memcg``, ``oc.victim_exiting``.
It kills the processes of the cgroup named "big" below the OOMing one, and reports its largest task.  The same source runs in the test VM
(struct_ops) and as Python (tests/policy/test_queries_python.py), so both must give the same answers."""

from pyoombpf import PASS, ArrayMap, MemCgroup, OomControl, Verdict, oom_handler, u64

# slots of `seen`
SCOPE_ID, PARENT_ID, GRANDPARENT_ID, DEPTH, NAMES, RSS, SWAP, TASK_MEMCG_ID, TASK_PID = range(9)
EXITING_BEFORE, EXITING_AFTER, KILLED, BIG_PARENT_IS_SCOPE = range(9, 13)
# bits of seen[NAMES]
IS_OOM_TEST, IS_PREFIX_ONLY, STARTS_OOM, IS_LONGER, STARTS_WRONG = 1, 2, 4, 8, 16

seen = ArrayMap(u64, max_entries=16)


def depth(memcg: MemCgroup) -> u64:
    """Steps up to the root memory cgroup (whose parent is None)."""
    n: u64 = 0
    up = memcg.parent
    for _ in range(32):
        if up is None:
            break
        n += 1
        up = up.parent
    return n


def name_bits(memcg: MemCgroup) -> u64:
    bits: u64 = 0
    if memcg.name_is("oom_test"):
        bits |= IS_OOM_TEST
    if memcg.name_is("oom_tes"):
        bits |= IS_PREFIX_ONLY
    if memcg.name_startswith("oom_"):
        bits |= STARTS_OOM
    if memcg.name_is("oom_test_longer"):
        bits |= IS_LONGER
    if memcg.name_startswith("oom_test_"):
        bits |= STARTS_WRONG
    return bits


@oom_handler(name="queries")
def queries(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    seen[SCOPE_ID] = scope.id
    up = scope.parent
    if up is not None:
        seen[PARENT_ID] = up.id
        top = up.parent
        if top is not None:
            seen[GRANDPARENT_ID] = top.id
    seen[DEPTH] = depth(scope)
    seen[NAMES] = name_bits(scope)
    seen[EXITING_BEFORE] = u64(oc.victim_exiting)
    big: MemCgroup = None
    for memcg in scope.descendants():
        if memcg.name_is("big"):
            big = memcg
    if big is None:
        return PASS
    above = big.parent
    if above is not None and above.id == scope.id:
        seen[BIG_PARENT_IS_SCOPE] = 1
    most: u64 = 0
    for task in big.tasks():  # the task with the largest rss
        rss = task.rss
        if rss > most:
            most = rss
            seen[TASK_PID] = u64(task.pid)
            seen[RSS] = rss
            seen[SWAP] = task.swap
            mine = task.memcg
            if mine is not None:
                seen[TASK_MEMCG_ID] = mine.id
    verdict = oc.kill_memcg(big, "queries test")
    if verdict:
        seen[KILLED] = 1
    seen[EXITING_AFTER] = u64(oc.victim_exiting)
    return verdict


# slots of `found` (task_memcg_probe)
FOUND_PID, FOUND_MEMCG_ID, FOUND_ROOT_HAS_NO_PARENT = range(3)
found = ArrayMap(u64, max_entries=4)


@oom_handler(name="task_memcg_probe")
def task_memcg_probe(oc: OomControl) -> Verdict:
    """The memcg of a task listed under the OOMing memcg, whose own cgroup may have no memory controller."""
    scope = oc.memcg
    if scope is None:
        return PASS
    for task in scope.tasks():
        found[FOUND_PID] = u64(task.pid)
        mine = task.memcg
        if mine is not None:
            found[FOUND_MEMCG_ID] = mine.id
    top = scope
    for _ in range(32):
        up = top.parent
        if up is None:
            break
        top = up
    if top.parent is None:
        found[FOUND_ROOT_HAS_NO_PARENT] = 1
    return PASS
