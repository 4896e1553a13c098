"""Without privileges, loading fails with a PrivilegeError that says what is needed."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from .conftest import Build

pytestmark = pytest.mark.kernel

_CHILD = textwrap.dedent(
    """
    import os, sys
    from pyoombpf.errors import PrivilegeError
    from pyoombpf.runtime import BpfObject
    elf = open(sys.argv[1], "rb").read()
    os.setgroups([])
    os.setresgid(65534, 65534, 65534)
    os.setresuid(65534, 65534, 65534)  # leaving uid 0 drops every capability
    obj = BpfObject.open(elf, "unprivileged")
    try:
        obj.load()
    except PrivilegeError as exc:
        print("PrivilegeError:", exc)
    else:
        print("loaded")
    """
)


def test_unprivileged_load_raises_privilege_error(build: Build, tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to start a child that drops to an unprivileged user")
    path = tmp_path / "syscall_maps.o"
    path.write_bytes(build("syscall_maps.c"))
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("PrivilegeError: loading BPF programs needs root (or CAP_BPF")
    assert "euid 65534" in proc.stdout and "run it as root" in proc.stdout
    assert proc.stderr == ""
