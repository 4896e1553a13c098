"""A helper named ``_license`` (pyoombpf's license symbol) and one named ``pyo_xattr`` (the map the policy
queries of xattrs use): the helpers take other symbols, the program computes as Python does."""

from pyoombpf import u64


def _license(a: u64) -> u64:
    return a + 1


def pyo_xattr(a: u64) -> u64:
    return a * 3


def prog(a: u64) -> u64:
    return _license(a) + pyo_xattr(a)


TARGET = prog
ARGS = [(0,), (1,), (2**64 - 1,)]
