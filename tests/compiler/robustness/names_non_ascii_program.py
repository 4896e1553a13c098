"""Issue 14: a non-ASCII function compiled as a program, then failed at load ("Invalid name").  The program is
named after the function, so the error is at its `def`; compile(fn, name=...) chooses another name."""

from pyoombpf import u64


def größe(a: u64) -> u64:  # E: def | the program is named after the function, and 'größe' is not a valid BPF name
    return a


TARGET = größe
