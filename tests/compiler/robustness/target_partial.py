"""Issue 14, AttributeError: compile() of a functools.partial."""

import functools

from pyoombpf import u64


def prog(a: u64, b: u64) -> u64:  # E: def | prog is wrapped in functools.partial
    return a + b


TARGET = functools.partial(prog, 1)
