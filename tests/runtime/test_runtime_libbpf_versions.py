"""The runtime kernel suite again, against libbpf 1.4 (bookworm-backports) instead of the system's 1.1.2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pyoombpf.runtime import _ffi
from pyoombpf.runtime.testing import REPO_ROOT, newer_libbpf

pytestmark = [pytest.mark.kernel, pytest.mark.slow]


def test_kernel_suite_passes_with_libbpf_1_4() -> None:
    if _ffi.LIBBPF_VERSION >= (1, 4):
        pytest.skip(f"this process already runs libbpf {_ffi.LIBBPF_VERSION_STRING}: the suite covered it")
    library = newer_libbpf()
    if library is None:
        pytest.skip("no libbpf >= 1.4: bookworm-backports' libbpf1 could not be fetched (set PYOOMBPF_LIBBPF_NEW)")
    env = dict(os.environ, PYOOMBPF_LIBBPF=str(library))
    this = Path(__file__).name
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "kernel",
         f"--ignore=tests/runtime/{this}", "tests/runtime"],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert " passed" in proc.stdout and " failed" not in proc.stdout
    version = subprocess.run(
        [sys.executable, "-c", "from pyoombpf.runtime import _ffi; print(*_ffi.LIBBPF_VERSION)"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert tuple(map(int, version)) >= (1, 4)
