"""What the kernel reports about links (bpf_link_info, fdinfo, EPOLLHUP) and ``pyoombpf status``, on this machine.

The struct_ops side (the attach cgroup, EPOLLHUP when it goes) needs the BPF OOM series: tests/vm covers it.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from pyoombpf.errors import KernelError
from pyoombpf.runtime import linkinfo
from pyoombpf.runtime.attachments import Attachment, attachments
from pyoombpf.runtime.features import features, has_tracepoint

from .conftest import Build
from .test_runtime_attach import open_tracing

pytestmark = pytest.mark.kernel


def test_a_tracepoint_link_describes_itself(build: Build, no_fd_leak: None) -> None:
    if not has_tracepoint("sys_enter"):
        pytest.skip("this kernel has no sys_enter tracepoint (CONFIG_FTRACE_SYSCALLS)")
    with open_tracing(build("tracing.c"), "on_tp_btf") as obj, obj.program("on_tp_btf").attach() as link:
        info = link.info()
        assert info.type == "raw_tracepoint" and info.tp_name == "sys_enter"
        assert info.id > 0 and info.prog_id > 0 and not info.detached
        assert info.id in {i.id for i in linkinfo.all_links()}
        assert linkinfo.fdinfo(link.fd)["link_id"] == str(info.id)
        assert not link.hung_up()


def test_not_a_link_is_a_kernel_error() -> None:
    with open("/dev/null") as f, pytest.raises(KernelError, match="BPF link info"):
        linkinfo.link_info(f.fileno())


def test_features_say_whether_links_report_their_cgroup() -> None:
    found = features()
    assert isinstance(found.struct_ops_link_cgroup_id, bool)
    if not found.struct_ops_cgroup_attach:
        assert "struct_ops on cgroups  no" in found.to_text()


def test_status_lists_only_oom_and_psi_handlers(no_fd_leak: None) -> None:
    found = attachments()
    assert all(a.kind in ("bpf_oom_ops", "bpf_psi_ops", "tp_btf/psi_avgs_work") for a in found)


def test_attachment_text() -> None:
    a = Attachment(7, "bpf_oom_ops", "largest_leaf", 42, "/sys/fs/cgroup/work", False)
    assert a.to_text() == "bpf_oom_ops            largest_leaf     cgroup /sys/fs/cgroup/work (id 42)  [link 7]"
    gone = Attachment(8, "bpf_oom_ops", "?", 43, None, True)
    assert "cgroup (removed) (id 43)" in gone.to_text() and "DETACHED: its cgroup is gone" in gone.to_text()
    assert "system-wide" in Attachment(9, "tp_btf/psi_avgs_work", "psi_oom_psi_avg", 0, None, False).to_text()


def test_status_command_runs() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "pyoombpf.cli", "status"], capture_output=True, text=True, check=True
    ).stdout
    assert (
        out.strip() == "no BPF OOM or PSI handler is attached, and no bridge relay runs"
        or "[link " in out
        or (
            "[relay pid " in out  # another test's bridge relay, running meanwhile
        )
    )
