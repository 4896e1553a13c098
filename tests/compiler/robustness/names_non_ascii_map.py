"""Issue 14: a non-ASCII map name compiled, then the kernel refused the object at load ("Invalid name")."""

from pyoombpf import HashMap, u64

größen = HashMap(u64, u64, max_entries=4)


def prog(a: u64) -> u64:
    return größen.get(a, 0)  # E: größen | the map 'größen' needs a valid BPF name


TARGET = prog
