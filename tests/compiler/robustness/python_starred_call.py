"""Star-unpacking in the arguments of a call: it was counted as one argument (``h() takes 2 argument(s), 1
given``) instead of being named."""

from pyoombpf import u64


def h(a: u64, b: u64) -> u64:
    return a + b


def prog(a: u64) -> u64:
    return h(*(a, a))  # E: *(a, a) | star-unpacking is not supported


TARGET = prog
