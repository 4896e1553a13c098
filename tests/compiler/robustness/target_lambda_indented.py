"""A helper that is a lambda, one of two on its line and indented: the error was at column 1 of the line; it is
at the lambda the program calls."""

from pyoombpf import u64

if True:
    f, g = (lambda x: x + 1), (lambda y: y * 2)  # E: lambda y | a lambda cannot be compiled  # noqa: E731


def prog(a: u64) -> u64:
    return g(a)


TARGET = prog
