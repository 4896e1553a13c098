"""struct_ops attachment to cgroups on a kernel with the BPF OOM series (the pyoombpf test kernel:
``vm/run-vm.sh <bzImage> -m vm tests/runtime/test_runtime_vm.py``), with every libbpf available."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from pyoombpf.runtime import features
from pyoombpf.runtime.testing import compile_c

pytestmark = [pytest.mark.vm, pytest.mark.kernel]

_CHILD = textwrap.dedent(
    """
    import errno, sys
    from pyoombpf.errors import AttachError
    from pyoombpf.runtime import BpfObject, CgroupFd, _ffi
    obj_path, cg_a, cg_b = sys.argv[1:4]
    print("libbpf", *_ffi.LIBBPF_VERSION)
    with BpfObject.open(open(obj_path, "rb").read(), "oom") as obj:
        obj.load()
        st = obj.struct_ops("test_policy")
        print("type", st.type_name)
        try:
            st.register()
        except AttachError as exc:
            print("register", errno.errorcode[exc.errno])
        with CgroupFd(cg_a) as a, CgroupFd(cg_b) as b:
            link = st.attach(a)
            print("fdinfo", "struct_ops" in open(f"/proc/self/fdinfo/{link.fd}").read())
            try:
                st.attach(a)
            except AttachError as exc:
                print("second", errno.errorcode[exc.errno])
            other = st.attach(b)
            print("other", other.fd > 0)
            link.close()
            again = st.attach(a)
            print("again", again.fd > 0)
    print("closed", link.closed and other.closed and again.closed)
    """
)


@pytest.fixture
def two_cgroups() -> Iterator[tuple[str, str]]:
    root = features().cgroup2_root or "/sys/fs/cgroup"
    paths = [os.path.join(root, f"pyoombpf-rt-{uuid.uuid4().hex[:8]}") for _ in range(2)]
    for path in paths:
        os.mkdir(path)
    try:
        yield paths[0], paths[1]
    finally:
        for path in paths:
            os.rmdir(path)


def _libbpfs() -> list[str]:
    found = ["libbpf.so.1"]
    found += [str(p) for p in sorted(Path("/root/.cache/pyoombpf/libbpf-backports").glob("usr/lib/*/libbpf.so.1"))]
    return found


@pytest.mark.parametrize("library", _libbpfs())
def test_struct_ops_attaches_to_cgroups(library: str, two_cgroups: tuple[str, str], tmp_path: Path) -> None:
    found = features()
    if not found.has_struct_ops("bpf_oom_ops") or not found.struct_ops_cgroup_attach:
        pytest.skip("the running kernel has no bpf_oom_ops attachable to cgroups (BPF OOM series): boot the test VM")
    assert found.bpf_oom_abi == "v3"
    obj = tmp_path / "oom_ops.o"
    obj.write_bytes(compile_c("oom_ops.c", ("-DOOM_ABI=3",)))
    env = dict(os.environ, PYOOMBPF_LIBBPF=library)
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(obj), *two_cgroups],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[1:] == [
        "type bpf_oom_ops",
        "register EINVAL",  # a struct_ops link without a cgroup is refused by the v3 ABI
        "fdinfo True",
        "second EEXIST",  # one handler per cgroup
        "other True",
        "again True",  # closing the first link released the cgroup
        "closed True",
    ], proc.stdout
