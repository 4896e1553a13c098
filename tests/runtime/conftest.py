"""Fixtures of the runtime tests: C test programs built with clang-19 (cached outside the repo)."""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pyoombpf.runtime.testing import C_FIXTURES, compile_c

Build = Callable[..., bytes]


@pytest.fixture(scope="session")
def build() -> Build:
    """``build("name.c", "-DFLAG", ...)`` -> ELF bytes of src_c/tests/name.c."""

    def _build(name: str, *cflags: str) -> bytes:
        return compile_c(name, tuple(cflags))

    return _build


def expected_line(source: str, tag: str) -> int:
    """Line number (1-based) of the line of src_c/tests/<source> that carries ``EXPECT <tag>``."""
    for number, text in enumerate((C_FIXTURES / source).read_text().splitlines(), 1):
        if f"EXPECT {tag}" in text:
            return number
    raise AssertionError(f"{source} has no line marked EXPECT {tag}")


def fixture_path(source: str) -> Path:
    return C_FIXTURES / source


@pytest.fixture
def no_fd_leak() -> Iterator[None]:
    """Fail the test if it leaves file descriptors open (after garbage collection).  The per-process caches
    (the kernel's BTF index, mapped once, and the feature probes) are filled first: they are not leaks.  Both are
    filled here: ``features()`` probes once per process, while the BTF index is dropped by every test that compiles
    against the bundled kernel description (``forget_vmlinux``) and mapped again -- an open fd of the mapping -- by
    the next use of the kernel's BTF."""
    from pyoombpf.btf.loader import try_vmlinux
    from pyoombpf.runtime import features

    features()
    try_vmlinux()
    gc.collect()
    before = _open_fds()
    yield
    gc.collect()
    after = _open_fds()
    left = {fd: target for fd, target in after.items() if before.get(fd) != target}
    assert len(after) == len(before), f"the test left file descriptors open: {left}"


def _open_fds() -> dict[int, str]:
    """This process's open file descriptors and what each refers to (what a leak message names)."""
    out = {}
    for name in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):  # (the directory's own fd, closed by now)
            out[int(name)] = os.readlink(f"/proc/self/fd/{name}")
    return out
