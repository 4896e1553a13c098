"""Service tests: throwaway v1 memcgs (removed in teardown even when a test fails), as in tests/bridge."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pyoombpf.bridge.memcg_v1 import v1_memory_root
from tests.bridge.v1 import V1Tree


@pytest.fixture
def tree() -> Iterator[V1Tree]:
    if v1_memory_root() is None:
        pytest.skip("needs the memory controller on cgroup v1 (this kernel has it on v2: the v1 relay cannot run)")
    with V1Tree() as t:
        yield t
