"""A helper named bpf_iter_num_new in a program of plain integers whose while loop is bounded by the kernel's
bpf_iter_num_* kfuncs: the helper took the name before the loop's kfunc was declared (LLVM's DuplicatedNameError,
found by the fuzz test's extern_names part)."""

from pyoombpf import u64


def bpf_iter_num_new(x: u64) -> u64:
    return x * 3 + 1


def prog(a: u64) -> u64:
    s = bpf_iter_num_new(a)
    n: u64 = 0
    while n < a:
        n += 1
        s += n
    return s


TARGET = prog
ARGS = [(0,), (5,), (1000,)]
