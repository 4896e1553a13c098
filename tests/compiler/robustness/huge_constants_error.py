"""Issue 14: a constant of more than 4,300 digits in arithmetic — a located error that names its size (the
message used to fail to format)."""

from pyoombpf import u64

HUGE = 10**5000


def prog(a: u64) -> u64:
    return a + HUGE  # E: a + HUGE | (a 16610-bit constant) does not fit in u64 (the right operand)


TARGET = prog
