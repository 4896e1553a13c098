"""Fixtures of the runtime tests: C test programs built with clang-19 (cached outside the repo)."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pyoombpf.runtime.testing import C_FIXTURES, compile_c, open_fd_count

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
    (the kernel's BTF index, mapped once, and the feature probes) are filled first: they are not leaks."""
    from pyoombpf.runtime import features

    features()
    gc.collect()
    before = open_fd_count()
    yield
    gc.collect()
    assert open_fd_count() == before, "the test left file descriptors open"
