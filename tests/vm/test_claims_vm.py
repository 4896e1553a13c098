"""The relay's claims use real file locks in the test VM: its kernel is built with ``CONFIG_FILE_LOCKING`` (it
used to lack it, and the relay ran without a claim, with a warning)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyoombpf.bridge.claims import Claim
from pyoombpf.errors import PyoombpfError

from .vmkernel import vm_test

pytestmark = vm_test


def test_a_second_claim_on_the_same_subtree_is_refused_by_a_real_lock(tmp_path: Path) -> None:
    with Claim("v2", "/sys/fs/cgroup/jobs", 10, "first", directory=str(tmp_path)):
        with pytest.raises(PyoombpfError, match=r"already handled: pid \d+ runs policy first on it"):
            Claim("v2", "/sys/fs/cgroup/jobs", 10, "second", directory=str(tmp_path))
        with pytest.raises(PyoombpfError, match="on a cgroup above it"):
            Claim("v2", "/sys/fs/cgroup/jobs/a", 11, "third", directory=str(tmp_path))
    with Claim("v2", "/sys/fs/cgroup/jobs", 10, "after", directory=str(tmp_path)):
        pass  # given up on close: free again
