"""Release-action policies for the relay's real-OOM tests (tests/bridge/test_release_v1.py)."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u64


@oom_handler(name="drop_then_kill")
def drop_then_kill(oc: OomControl) -> Verdict:
    """Drop the disposable cache; kill the largest leaf only when that did not free enough."""
    v = oc.drop_files("cache")
    if v:
        return v
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_usage: u64 = 0
    for m in scope.descendants():
        if m.is_leaf and m.name_startswith("hog") and m.usage > best_usage:
            best, best_usage = m, m.usage
    if best is None:
        return PASS
    return oc.kill_memcg(best, "nothing left to drop")


@oom_handler(name="reclaim_then_kill")
def reclaim_then_kill(oc: OomControl) -> Verdict:
    """Reclaim 32 MiB from the leaf named "cache"; kill the hog when that was not enough."""
    scope = oc.memcg
    if scope is None:
        return PASS
    cache: MemCgroup = None
    hog: MemCgroup = None
    for m in scope.descendants():
        if m.name_is("cache"):
            cache = m
        if m.name_startswith("hog"):
            hog = m
    if cache is not None:
        v = oc.reclaim(cache, 32 << 20)
        if v:
            return v
    if hog is None:
        return PASS
    return oc.kill_memcg(hog, "reclaim was not enough")


@oom_handler(name="freeze_then_kill")
def freeze_then_kill(oc: OomControl) -> Verdict:
    """Freeze the hog (killed after 2 s), then, on the re-run, kill it at once."""
    scope = oc.memcg
    if scope is None:
        return PASS
    hog: MemCgroup = None
    for m in scope.descendants():
        if m.name_startswith("hog"):
            hog = m
    if hog is None:
        return PASS
    v = oc.freeze(hog, seconds=2, then="kill")
    if v:
        return v
    return oc.kill_memcg(hog, "frozen, still out of memory")


@oom_handler(name="freeze_long")
def freeze_long(oc: OomControl) -> Verdict:
    """Freeze the hog for ten minutes, then thaw it (tests/vm/test_release_vm.py kills the relay meanwhile: the
    freeze outlasts every bound there, so only the watchdog can have thawed it)."""
    scope = oc.memcg
    if scope is None:
        return PASS
    hog: MemCgroup = None
    for m in scope.descendants():
        if m.name_startswith("hog"):
            hog = m
    if hog is None:
        return PASS
    return oc.freeze(hog, seconds=600, then="thaw")
