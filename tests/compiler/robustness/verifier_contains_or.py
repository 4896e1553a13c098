"""Found by the fuzz test: a program that compiled but that the verifier refused ("R0 pointer arithmetic on
map_value_or_null prohibited").  LLVM's backend turned `(k in m) or x != 0` into `(lookup result | x) != 0`;
the result of `k in m` is now opaque to it."""

from pyoombpf import HashMap, u8, u64

m0 = HashMap(u8, u8, max_entries=4)


def prog(p0: u8) -> u64:
    return u64((u8(0) in m0) or (u8(0) < p0))


TARGET = prog
ARGS = [(0,), (1,), (255,)]
