"""Issue 14, ValueError (Cell is empty): a closure variable never assigned before the compile."""

from pyoombpf import u64


def make():  # noqa: ANN201
    def prog(a: u64) -> u64:
        return a + z  # E: z  # | the enclosing function's variable 'z' has no value

    return prog
    z = 1


TARGET = make()
