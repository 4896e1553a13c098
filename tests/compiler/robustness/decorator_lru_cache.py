"""Issue 14, internal error: @functools.lru_cache on the compiled function.  BPF code cannot run what a
decorator adds: the error is at the decorator."""

import functools

from pyoombpf import u64


@functools.lru_cache  # E: functools.lru_cache | wrapped by a decorator (functools._lru_cache_wrapper)
def prog(a: u64) -> u64:
    return a + 1


TARGET = prog
