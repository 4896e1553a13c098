"""Boolean flags combined with and/or/not decide which cgroups are candidates."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u64

BIG = 16 << 20


@oom_handler(name="flag_logic")
def flag_logic(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_usage: u64 = 0
    for m in scope.descendants():
        leaf = m.is_leaf
        grouped = m.oom_group
        big = m.usage > BIG
        swapping = m.swap_usage > 0
        protected = m.name_startswith("keep") or m.xattr_flag("user.oomd_omit")
        candidate = (leaf or grouped) and not protected and (big or swapping)
        if candidate and m.usage > best_usage:
            best, best_usage = m, m.usage
    if best is None:
        return PASS
    return oc.kill_memcg(best, "largest candidate by flags")
