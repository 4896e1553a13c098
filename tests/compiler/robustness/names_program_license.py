"""A program named ``_license``, the symbol of the object's license: a located error, not LLVM's
DuplicatedNameError."""

from pyoombpf import u64


def _license(a: u64) -> u64:  # E: def | the name '_license' is reserved by pyoombpf
    return a


TARGET = _license
