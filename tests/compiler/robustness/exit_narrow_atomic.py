"""Found by the fuzz test, process exit: `m[k] += v` on a map of 8- or 16-bit values was an atomic add of
that width, which BPF lacks ("unsupported atomic operation, please use 32/64 bit version")."""

from pyoombpf import ArrayMap, HashMap, i8, i16, u8, u32, u64

small = ArrayMap(u8, max_entries=2)
shorts = HashMap(u64, i16, max_entries=4)


def prog(p: i8) -> u64:
    small[u32(p) & 1] += u8(p)
    shorts[u64(p)] += i16(p)
    return u64(small[0]) + u64(shorts.get(u64(p), 0))


TARGET = prog
ARGS = [(1,), (1,), (-3,), (127,)]
