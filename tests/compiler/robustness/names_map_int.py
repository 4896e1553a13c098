"""Issue 14, internal error: a map declared with `name=5`."""

from pyoombpf import HashMap, u64

counts = HashMap(u64, u64, max_entries=4, name=5)  # E: HashMap | a map's name must be a string, not int 5


def prog(a: u64) -> u64:
    return counts.get(a, 0)


TARGET = prog
