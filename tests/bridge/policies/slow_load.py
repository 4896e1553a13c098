"""A policy the verifier takes a long time on: 2**14 paths in each iteration of a loop, before a cgroup walk."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u32, u64


@oom_handler(name="slow_load")
def slow_load(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    n: u64 = u64(oc.totalpages & 0xFFFFFFFF) + 1
    steps: u32 = 0
    while n != 1:  # fourteen values chosen by conditions, combined: the verifier follows each path apart
        a: u32 = 1 if n % 3 == 1 else 0
        b: u32 = 2 if n % 5 == 1 else 0
        c: u32 = 4 if n % 7 == 1 else 0
        d: u32 = 8 if n % 11 == 1 else 0
        e: u32 = 16 if n % 13 == 1 else 0
        f: u32 = 32 if n % 17 == 1 else 0
        g: u32 = 64 if n % 19 == 1 else 0
        h: u32 = 128 if n % 23 == 1 else 0
        i: u32 = 256 if n % 29 == 1 else 0
        j: u32 = 512 if n % 31 == 1 else 0
        k: u32 = 1024 if n % 37 == 1 else 0
        p: u32 = 2048 if n % 41 == 1 else 0
        m: u32 = 4096 if n % 43 == 1 else 0
        o: u32 = 8192 if n % 47 == 1 else 0
        code = a + b + c + d + e + f + g + h + i + j + k + p + m + o
        if code == 12345:
            steps += 2
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    best: MemCgroup = None
    for memcg in scope.descendants():
        if memcg.is_leaf and steps > 0:
            best = memcg
    if best is None:
        return PASS
    return oc.kill_memcg(best, "slow")
