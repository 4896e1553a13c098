"""``@record`` on a function: it said "@record class prog declares no fields" of something that is no class."""

from pyoombpf import record, u64


@record  # E: record | @record decorates a class of fields, not function prog
def prog(a: u64) -> u64:
    return a


TARGET = prog
