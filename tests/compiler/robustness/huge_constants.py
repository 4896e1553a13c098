"""Issue 14: a constant of more than 4,300 digits.  Formatting the error message failed (ValueError), and
compiled.python() could not print the comparison.  Comparisons with it compile and run the same in both."""

from pyoombpf import i64, u64

HUGE = 10**5000


def compares(a: u64, b: i64) -> u64:
    x = u64(a < HUGE) + u64(b > -HUGE) + u64(a == HUGE)
    return x + u64(1 if HUGE > b >= -HUGE else 0)


TARGET = compares
ARGS = [(0, 0), (2**64 - 1, -(2**63)), (5, 2**63 - 1)]
