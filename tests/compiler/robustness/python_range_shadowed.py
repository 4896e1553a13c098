"""``range = 5`` at module level, then ``for i in range(3)``: the error said "for loops iterate over range(...)
only", about a loop that reads range(...); it now names what shadows the builtin."""

from pyoombpf import u64

range = 5  # noqa: A001


def prog(a: u64) -> u64:
    for _ in range(3):  # E: range(3) | `range` here is the module-level int 5, not the builtin range()
        a += 1
    return a


TARGET = prog
