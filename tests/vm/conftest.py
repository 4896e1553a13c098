"""VM tests: they need a kernel with ``struct bpf_oom_ops`` (the pyoombpf test kernel, ``make vmtest``)."""

from __future__ import annotations

import os
import struct
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .bpfload import BpfObject
from .cgroups import CgroupTree

REPO = Path(__file__).resolve().parents[2]
POLICY_SRC = REPO / "src_c" / "policies"
WAIT_ON_OOM_LOCK = 1


@pytest.fixture(scope="session")
def policy_objdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Compiled reference policies: prebuilt by the host (``make vmtest``) or built here with clang."""
    prebuilt = os.environ.get("PYOOMBPF_POLICY_OBJDIR")
    if prebuilt and Path(prebuilt).is_dir():
        return Path(prebuilt)
    out = tmp_path_factory.mktemp("policies")
    subprocess.run(["make", "-s", "-C", str(POLICY_SRC), f"OUT={out}"], check=True)
    return out


@pytest.fixture
def policy_path(policy_objdir: Path) -> Callable[[str], str]:
    """``policy_path("largest_leaf")`` -> the libbpf-1.1 loadable object of that policy."""

    def find(name: str) -> str:
        path = policy_objdir / f"{name}.libbpf11.bpf.o"
        assert path.exists(), f"{path} was not built"
        return str(path)

    return find


@pytest.fixture
def cgroups() -> Iterator[CgroupTree]:
    with CgroupTree() as tree:
        yield tree


@pytest.fixture
def declare(policy_path: Callable[[str], str]) -> Iterator[Callable[..., int]]:
    """``declare(cgroup_id, order=0, flags=WAIT_ON_OOM_LOCK)`` -> bpf_out_of_memory()'s return value."""
    with BpfObject(policy_path("test_declare_oom")) as obj:

        def run(cgroup_id: int, order: int = 0, flags: int = WAIT_ON_OOM_LOCK) -> int:
            return obj.run("declare_oom", struct.pack("<QiIQ", cgroup_id, order, 0, flags))

        yield run
