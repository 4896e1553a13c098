"""Issue 14, OverflowError: `for i in range(0, 2**64 - 1)` on a u64 (the trip count went through len()).
Trip counts are exact at the edges of the type, in the kernel and in the Python model alike."""

from pyoombpf import i8, u8, u64


def prog(a: u64, b: u8, c: i8) -> u64:
    n: u64 = 0
    i: u64 = 0
    for i in range(0, 18446744073709551615):  # a counted loop of 2**64 - 1 trips (the break ends it)
        n += 1
        if n > 3:
            break
    for j in range(a, 18446744073709551615, 3):  # run-time start, up to the last u64
        n += 1
        if n > 9:
            break
    for k in range(b, 255, 200):
        n += u64(k)
    for m in range(c, -128, -100):
        n += u64(m)
    for z in range(-9223372036854775808, 9223372036854775807, 4611686018427387904):
        n += 1
    return n


TARGET = prog
ARGS = [(0, 0, 0), (2**64 - 1, 255, -128), (2**64 - 2, 54, 127), (2**64 - 7, 55, -28), (2**64 - 20, 1, -27)]
