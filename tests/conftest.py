"""Shared test fixtures: kernel gating.

Kernel tests (marked ``kernel``) really load programs.  They skip only when this process cannot load BPF at
all, and the skip reason says which requirement is missing.
"""

from __future__ import annotations

import os

import pytest


def _kernel_unavailable() -> str | None:
    if os.geteuid() != 0:
        return "needs root: loading BPF programs requires CAP_BPF/CAP_SYS_ADMIN"
    if not os.path.exists("/sys/kernel/btf/vmlinux"):
        return "needs a kernel with BTF (/sys/kernel/btf/vmlinux, CONFIG_DEBUG_INFO_BTF)"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = _kernel_unavailable()
    if reason is None:
        return
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if "kernel" in item.keywords:
            item.add_marker(skip)
