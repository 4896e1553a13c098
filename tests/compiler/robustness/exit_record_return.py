"""Found by the fuzz test, process exit: a helper returning a record by value that LLVM kept out of line (with
many calls and a long body), "only small returns supported".  A function whose result needs more than one
register is always inlined."""

from pyoombpf import record, u64


@record
class Three:
    a: u64
    b: u64
    c: u64


def make(a: u64, b: u64):
    x: u64 = a
    for i in range(a & 3):
        x = (x * 31 + (x >> 1)) ^ (b << 0)
        x = (x * 33 + (x >> 2)) ^ (b << 1)
        x = (x * 35 + (x >> 3)) ^ (b << 2)
        x = (x * 37 + (x >> 4)) ^ (b << 3)
        x = (x * 39 + (x >> 5)) ^ (b << 4)
        x = (x * 41 + (x >> 6)) ^ (b << 5)
        x = (x * 43 + (x >> 7)) ^ (b << 6)
        x = (x * 45 + (x >> 8)) ^ (b << 0)
        x = (x * 47 + (x >> 9)) ^ (b << 1)
        x = (x * 49 + (x >> 10)) ^ (b << 2)
        x = (x * 51 + (x >> 11)) ^ (b << 3)
        x = (x * 53 + (x >> 12)) ^ (b << 4)
        x = (x * 55 + (x >> 13)) ^ (b << 5)
        x = (x * 57 + (x >> 1)) ^ (b << 6)
        x = (x * 59 + (x >> 2)) ^ (b << 0)
        x = (x * 61 + (x >> 3)) ^ (b << 1)
        x = (x * 63 + (x >> 4)) ^ (b << 2)
        x = (x * 65 + (x >> 5)) ^ (b << 3)
        x = (x * 67 + (x >> 6)) ^ (b << 4)
        x = (x * 69 + (x >> 7)) ^ (b << 5)
        x = (x * 71 + (x >> 8)) ^ (b << 6)
        x = (x * 73 + (x >> 9)) ^ (b << 0)
        x = (x * 75 + (x >> 10)) ^ (b << 1)
        x = (x * 77 + (x >> 11)) ^ (b << 2)
        x += u64(i)
    return Three(a=x, b=a + x, c=b ^ x)


def prog(a: u64) -> u64:
    s: u64 = 1
    s += make(a + 0, s).a + make(a + 1, s).b + make(a + 2, s).c + make(a + 3, s).a + make(a + 4, s).b + make(a + 5, s).c
    s += make(a + 0, s).a + make(a + 1, s).b + make(a + 2, s).c + make(a + 3, s).a + make(a + 4, s).b + make(a + 5, s).c
    return s


TARGET = prog
ARGS = [(0,), (5,), (2**63,), (2**64 - 1,)]
