"""Release memory before killing: drop a disposable tmpfs cache, then reclaim page cache from the batch cgroups,
and only then kill the largest batch leaf.

Each action returns a Verdict that is "handled" only when it really freed memory, so the policy reads as a list
of ever more drastic steps.  In bridge mode the relay carries the actions out, measures what they freed and, when
that was not enough, runs the policy again: a step that already acted in this OOM now returns PASS, so the next
step runs (docs/policies.md, "Releasing memory instead of killing").

    # [release.cache] path = "/dev/shm/render-cache" in the configuration file declares what may be deleted
    sudo pyoombpf run --config release.toml             # bridge mode (oc.drop_files is bridge-only)
    pyoombpf simulate examples/release_first.py --scenario examples/scenarios/release_first.toml
"""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u64

#: a batch cgroup whose page cache is below this is not worth a reclaim
MIN_RECLAIM = 1 << 20


@oom_handler(name="release_first")
def release_first(oc: OomControl) -> Verdict:
    # 1. files the operator declared disposable ([release.cache]): deleted largest first until the OOM is over
    v = oc.drop_files("cache")
    if v:
        return v
    scope = oc.memcg
    if scope is None:
        return PASS
    most_cache: MemCgroup = None
    most_file: u64 = 0
    largest: MemCgroup = None
    largest_usage: u64 = 0
    for m in scope.descendants():
        if m.is_leaf and m.name_startswith("batch"):
            file = m.page_state("NR_FILE_PAGES")  # bytes
            if file > most_file:
                most_cache, most_file = m, file
            if m.usage > largest_usage:
                largest, largest_usage = m, m.usage
    # 2. half the page cache of the batch leaf that holds the most
    if most_cache is not None and most_file >= MIN_RECLAIM:
        v = oc.reclaim(most_cache, most_file // 2)
        if v:
            return v
    # 3. the largest batch leaf, every process of it
    if largest is None:
        return PASS
    return oc.kill_memcg(largest, "largest batch leaf")
