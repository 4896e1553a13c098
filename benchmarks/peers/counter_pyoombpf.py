"""The peer-comparison program in pyoombpf's language: a bounded loop over a seed and a hash-map counter.

The same program is written for pythonbpf (counter_pythonbpf.py) and in C (counter.bpf.c); all three are
SYSCALL programs.  The seed comes from the context here and in C, and from bpf_get_prandom_u32() in pythonbpf
(which cannot read a SYSCALL context), so no compiler can fold the loop away.
"""

from pyoombpf import HashMap, u64

counts = HashMap(u64, u64, max_entries=1024)


def bump(seed: u64) -> u64:
    total: u64 = 0
    i: u64 = 0
    while i < 32:
        if (seed + i) % 3 == 0:  # noqa: SIM108 (the same shape in all three languages)
            total = total + i * 7
        else:
            total = total + 1
        i = i + 1
    key = total % 16
    counts[key] += total
    return 0
