"""Compiling as on a machine without kernel BTF, for tests whose output must be the same on every machine."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

import pytest

#: a kernel BTF path that cannot exist (/dev/null is no directory)
NO_KERNEL_BTF = os.path.join(os.devnull, "pyoombpf-no-kernel-btf")


@contextlib.contextmanager
def bundled_kernel_types() -> Iterator[None]:
    """Compile as on a machine without kernel BTF: kernel types come from pyoombpf's bundled description
    (``pyoombpf/btf/data/``), which is the same on every machine -- also in child processes, which inherit
    ``PYOOMBPF_VMLINUX_BTF``.  Output that must not depend on the running kernel's build (golden snapshots, bridge
    programs compiled outside kernel tests) is made under it."""
    from pyoombpf.btf import forget_vmlinux

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PYOOMBPF_VMLINUX_BTF", NO_KERNEL_BTF)
        forget_vmlinux()
        try:
            yield
        finally:
            forget_vmlinux()
