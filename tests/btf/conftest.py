"""Fixtures for the BTF tests: a private cache directory and the real kernel BTF when it exists."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from pyoombpf.btf import BtfSpec, forget_vmlinux, load_file
from pyoombpf.btf.loader import VMLINUX_PATH

HAVE_VMLINUX = os.access(VMLINUX_PATH, os.R_OK)
NO_VMLINUX = f"needs kernel BTF at {VMLINUX_PATH} (a kernel built with CONFIG_DEBUG_INFO_BTF)"
needs_vmlinux = pytest.mark.skipif(not HAVE_VMLINUX, reason=NO_VMLINUX)


@pytest.fixture(scope="session")
def session_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pyoombpf-cache")


@pytest.fixture(autouse=True)
def private_cache(session_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every BTF test uses a throwaway cache (shared within the session so vmlinux is indexed once)."""
    monkeypatch.setenv("PYOOMBPF_CACHE_DIR", str(session_cache))
    monkeypatch.delenv("PYOOMBPF_VMLINUX_BTF", raising=False)
    forget_vmlinux()
    yield session_cache
    forget_vmlinux()


@pytest.fixture(scope="session")
def kernel(session_cache: Path) -> BtfSpec:
    if not HAVE_VMLINUX:
        pytest.skip(NO_VMLINUX)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PYOOMBPF_CACHE_DIR", str(session_cache))
        return load_file(VMLINUX_PATH)
