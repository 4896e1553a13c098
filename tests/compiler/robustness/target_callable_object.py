"""Issue 14, AttributeError: compile() of a callable object.  There is no `def` to point at: the error is
at the compile() call."""

import pyoombpf
from pyoombpf import u64


class Scorer:
    def __call__(self, a: u64) -> u64:
        return a


def run() -> object:
    return pyoombpf.compile(Scorer())  # E: pyoombpf.compile | is not a Python function
