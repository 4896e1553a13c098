"""Shared test fixtures: kernel gating.

Kernel tests (marked ``kernel``) really load programs.  They skip only when this process cannot load BPF at
all, or when pyoombpf reports a feature this kernel lacks (a ``NotSupportedError``); the skip reason says which
requirement is missing.  Everything else must give the same result on every machine: output that depends on
kernel types is made against the bundled kernel description (the ``bundled_kernel`` fixture).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.bundled import bundled_kernel_types


def _kernel_unavailable() -> str | None:
    if os.geteuid() != 0:
        return "needs root: loading BPF programs requires CAP_BPF/CAP_SYS_ADMIN"
    if not os.path.exists("/sys/kernel/btf/vmlinux"):
        return "needs a kernel with BTF (/sys/kernel/btf/vmlinux, CONFIG_DEBUG_INFO_BTF)"
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[pytest.TestReport]:
    """A kernel test that meets a ``NotSupportedError`` (this kernel lacks a feature, e.g. another build of it keeps
    memcg counters in a layout pyoombpf does not know) is skipped with that error as its reason, never failed."""
    report: pytest.TestReport = yield
    if report.failed and call.excinfo is not None and "kernel" in item.keywords:
        from pyoombpf.errors import NotSupportedError

        if isinstance(call.excinfo.value, NotSupportedError):
            report.outcome = "skipped"
            report.longrepr = (str(item.path), item.location[1] or 0, f"Skipped: {call.excinfo.value}")
    return report


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = _kernel_unavailable()
    if reason is None:
        return
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if "kernel" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def bundled_kernel() -> Iterator[None]:
    """:func:`bundled_kernel_types` for one test."""
    with bundled_kernel_types():
        yield


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The suite's caches (the BTF index, compiled objects) live in a directory of this run, inherited by every
    command the tests start: a test run never fills or reads the caches of the user running it, and every run
    starts as cold as CI's.  ``PYOOMBPF_CACHE_DIR`` set by the caller wins (the VM points it at its own disk)."""
    if os.environ.get("PYOOMBPF_CACHE_DIR"):
        yield
        return
    os.environ["PYOOMBPF_CACHE_DIR"] = str(tmp_path_factory.mktemp("pyoombpf-cache"))
    try:
        yield
    finally:
        del os.environ["PYOOMBPF_CACHE_DIR"]
