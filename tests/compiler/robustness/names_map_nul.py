"""Issue 14: a map name with a NUL character went into LLVM IR unescaped."""

from pyoombpf import HashMap, u64

counts = HashMap(u64, u64, max_entries=4, name="cou\0nts")  # E: HashMap | is not a valid BPF name


def prog(a: u64) -> u64:
    return counts.get(a, 0)


TARGET = prog
