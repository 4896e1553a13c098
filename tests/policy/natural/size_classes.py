"""Kill the leaf cgroup in the highest size class, sizes written as Python writes them (``2**20``, a tuple of class
limits with ``len``/``sum``/an index); a cgroup holding a process whose ``oom_score_adj`` is one of the protected
values is skipped (``in`` over a tuple); the largest cgroup wins within a class."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u32, u64

MIB = 2**20
CLASSES_MIB = (16, 64, 256)  # upper limits of the size classes, ascending
PROTECTED = (-1000, -999)


@oom_handler(name="size_classes")
def size_classes(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_class: u32 = 0
    best_usage: u64 = 0
    ceiling: u64 = sum(CLASSES_MIB) * 2**30  # far above anything real: a sanity bound on the counter
    for m in scope.descendants():
        if not m.is_leaf or not 0 < m.usage <= ceiling:
            continue
        protected: u32 = 0
        for t in m.tasks():
            adj = t.oom_score_adj
            if adj in PROTECTED:
                protected += 1
        if protected > 0:
            continue
        size_class: u32 = 0
        for i in range(len(CLASSES_MIB)):
            if m.usage > CLASSES_MIB[i] * MIB:
                size_class = i + 1
        if size_class == len(CLASSES_MIB) and m.usage > 2 * CLASSES_MIB[-1] * MIB:
            size_class += 1  # far beyond the last class
        if best is None or size_class > best_class or (size_class == best_class and m.usage > best_usage):
            best, best_class, best_usage = m, size_class, m.usage
    if best is None:
        return PASS
    return oc.kill_memcg(best, "highest size class")
