"""The guard behind the golden snapshots: they come out the same when the machine's kernel is another build.

The snapshot tests run again in a child process that sees a different kernel BTF (this machine's, rewritten by
``tests/btf/perturb.py`` the way another configuration of the same kernel differs: member indexes, offsets,
struct sizes and counter values all move).  As root the child runs in a private mount namespace in which
``/sys/kernel/btf/vmlinux`` itself is that file, so even code that bypasses ``PYOOMBPF_VMLINUX_BTF`` sees the
other build; a fresh cache directory keeps an index of this machine's BTF out of it.  If a snapshot starts to
depend on the machine it fails here, on the machine that introduced the dependency.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pyoombpf.btf.loader import VMLINUX_PATH
from tests.btf.perturb import perturb

ROOT = Path(__file__).resolve().parents[2]


def _replace_sysfs_btf() -> str | None:
    """Why the child cannot get the other build at the sysfs path (None: it can)."""
    if os.geteuid() != 0:
        return "not root"
    if shutil.which("unshare") is None:
        return "no unshare(1)"
    probe = subprocess.run(["unshare", "--mount", "true"], capture_output=True)
    return None if probe.returncode == 0 else "unshare --mount refused"


def test_golden_snapshots_do_not_depend_on_the_kernel_build(tmp_path: Path) -> None:
    if not os.path.exists(VMLINUX_PATH):
        pytest.skip(f"needs the running kernel's BTF ({VMLINUX_PATH}) to make another build's from")
    other = tmp_path / "vmlinux-other-build"
    other.write_bytes(perturb(Path(VMLINUX_PATH).read_bytes()))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYOOMBPF_")}
    env |= {"PYOOMBPF_VMLINUX_BTF": str(other), "PYOOMBPF_CACHE_DIR": str(tmp_path / "cache")}
    pytest_cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/policy/test_golden.py"]
    why_not = _replace_sysfs_btf()
    if why_not is None:
        mount = 'mount --bind "$0" /sys/kernel/btf/vmlinux && exec "$@"'
        cmd = ["unshare", "--mount", "--propagation", "private", "sh", "-c", mount, str(other), *pytest_cmd]
    else:  # the library's own BTF source is switched; direct reads of the sysfs file would go unnoticed
        cmd = pytest_cmd
    run = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, f"golden snapshots differ on another kernel build:\n{run.stdout}\n{run.stderr}"
    assert " passed" in run.stdout and "skipped" not in run.stdout, run.stdout
