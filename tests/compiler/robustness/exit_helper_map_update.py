"""Issue 14, process exit: a map update in a helper LLVM keeps out of line.

The caller's stack slots made after the call moved out of its entry block when the helper was inlined
("unsupported dynamic stack allocation"); a helper with six parameters never stayed out of line at all."""

from pyoombpf import HashMap, record, u8, u64


@record
class Pair:
    a: u8
    b: u8


pairs = HashMap(u64, Pair, max_entries=4)
seen = HashMap(u8, u8, max_entries=4)


def note(a0: u8, a1: u8, a2: u8, a3: u8, a4: u8, a5: u8) -> u64:
    seen[a0] = a5
    return u64(pairs.get(u64(a1), Pair()).a) + (0 if a2 in seen else u64(a3 + a4))


def prog(p: u8) -> u64:
    pairs[0] = Pair(a=p, b=u8(note(0, 0, p, p, p, p)))
    return u64(pairs.get(0, Pair()).b)


TARGET = prog
ARGS = [(0,), (1,), (200,), (255,)]
