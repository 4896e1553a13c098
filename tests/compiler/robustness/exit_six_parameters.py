"""Issue 14, process exit: a helper with six parameters that LLVM kept out of line (with eight calls and a long
body), "too many arguments" in its BPF backend.  BPF passes five arguments in registers; such a helper is
always inlined."""

from pyoombpf import u64


def six(a: u64, b: u64, c: u64, d: u64, e: u64, f: u64) -> u64:
    x: u64 = 0
    for i in range(a & 7):
        x += a * b + c * d + e * f + u64(i)
        x ^= x >> 3
        x = x * 31 + (x >> 7) * b
        x ^= (x << 5) + c
        x = x * 17 + (x >> 11) * d
        x ^= (x << 9) + e
        x = x * 13 + (x >> 13) * f
    return x


def prog(a: u64) -> u64:
    s = six(a, a, a, a, a, a) + six(a, 1, 2, 3, 4, 5) + six(a, 1, 2, 3, 4, 6) + six(a, 2, 2, 3, 4, 6)
    s += six(s, 1, a, 3, 4, 5) + six(s, a, 2, 3, 4, 6) + six(a, 2, s, 3, 4, 6) + six(s, s, 2, 3, 4, 6)
    return s


TARGET = prog
ARGS = [(0,), (1,), (7,), (2**64 - 1,)]
