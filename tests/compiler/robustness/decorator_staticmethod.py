"""Issue 14, internal error: @staticmethod on the compiled function."""

from pyoombpf import u64


@staticmethod  # E: staticmethod | prog is a staticmethod object, not the function its `def` made
def prog(a: u64) -> u64:
    return a + 1


TARGET = prog
