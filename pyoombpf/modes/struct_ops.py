"""struct_ops mode: an ``@oom_handler`` compiled as a ``bpf_oom_ops`` handler, loaded and attached to cgroups.

```python
from pyoombpf import compile
from pyoombpf.modes.struct_ops import StructOpsPolicy

with StructOpsPolicy(compile(largest_leaf)) as policy:
    policy.attach("/sys/fs/cgroup/workload")      # or attach() for the whole system (the root cgroup)
    policy.map("prefs")[cgroup_id] = Pref(mode=OMIT)
    ...                                            # the kernel calls the policy on every OOM below
```

Loading checks the running kernel first: without the BPF OOM series it raises ``NotSupportedError`` pointing
to bridge mode; with another ABI version than the object was compiled for it says which to compile for.
"""

from __future__ import annotations

from typing import Any

from pyoombpf.errors import NotSupportedError
from pyoombpf.hir import intrinsics as I
from pyoombpf.modes.base import Job, Mode
from pyoombpf.modes.loaded import LoadedOps

BRIDGE_HINT = "run it in bridge mode instead (`pyoombpf run --mode bridge`), which works on stock kernels"


def check_kernel(abi: str) -> None:
    """Raise unless the running kernel provides ``bpf_oom_ops`` in ABI version ``abi``."""
    from pyoombpf.runtime import features

    found = features()
    if not found.has_struct_ops("bpf_oom_ops"):
        raise NotSupportedError(
            "the BPF OOM struct_ops (struct bpf_oom_ops)",
            f"the running kernel {found.kernel_release} does not have it: it needs a kernel carrying the "
            "unmerged 'mm: BPF OOM' series (for example pyoombpf's test kernel, `make vmtest`)",
            BRIDGE_HINT,
        )
    if found.bpf_oom_abi not in (abi, None, "unknown"):
        raise NotSupportedError(
            f"bpf_oom_ops ABI {abi}",
            f"the running kernel implements ABI {found.bpf_oom_abi}",
            f"compile the policy with abi={found.bpf_oom_abi!r} (`pyoombpf compile --abi {found.bpf_oom_abi}`)",
        )


class StructOpsPolicy(LoadedOps):
    """A policy loaded into the kernel as a struct_ops map; ``attach()`` puts it on cgroups.  Closing detaches
    it everywhere.  A context manager."""

    def __init__(self, compiled: Any) -> None:
        super().__init__(compiled, "struct_ops", "an @oom_handler policy", lambda: check_kernel(compiled.abi))

    @property
    def links(self) -> list[Any]:
        """The :class:`~pyoombpf.runtime.links.StructOpsLink` of every attachment, in order."""
        return list(self._links)

    def removed_cgroups(self) -> list[str]:
        """The cgroups this policy was attached to that have gone since: the kernel detached it there
        (``EPOLLHUP`` on the link)."""
        return [link.cgroup_path or f"cgroup {link.cgroup_id}" for link in self._links if link.cgroup_removed]

    def attach(self, cgroup: str | None = None) -> Any:
        """Attach to the cgroup directory ``cgroup`` (cgroup v2; default: the root, i.e. system-wide) and return
        the link (:class:`~pyoombpf.runtime.links.StructOpsLink`: ``cgroup_id``, ``cgroup_removed``).  One policy
        per cgroup: a second one is an ``AttachError`` with errno ``EEXIST``."""
        from pyoombpf.runtime import CgroupFd, features

        path = cgroup or features().cgroup2_root or "/sys/fs/cgroup"
        assert self._ops is not None
        fd = CgroupFd(path)
        try:
            link = self._ops.attach(fd)
        except BaseException:
            fd.close()
            raise
        self._fds.append(fd)
        self._links.append(link)
        return link


class StructOpsMode(Mode):
    """An ``@oom_handler`` as a ``bpf_oom_ops`` struct_ops object (BPF OOM ABI ``v3`` by default, ``v2``,
    ``post-v3``): the kernel calls it inside ``out_of_memory()``."""

    name = I.STRUCT_OPS
    policy = "oom"

    def frontend(self, job: Job) -> None:
        job.abi = job.abi or job.policy.abi
        handler_frontend(job, self.name)

    def module(self, job: Job) -> Any:
        from pyoombpf.lowering.module import ModuleLowering
        from pyoombpf.lowering.targets import struct_ops_table

        assert job.program is not None
        return ModuleLowering(
            job.program.entry.filename, name=job.name, types=self.types(job), table=struct_ops_table()
        )

    def entry(self, job: Job) -> None:
        assert job.program is not None
        job.symbol = job.ml.target.add_struct_ops(job.program.entry, job.name)

    def runner(self) -> Any:
        return StructOpsPolicy


def handler_frontend(job: Job, mode: str) -> None:
    """The typed HIR of an ``@oom_handler`` (struct_ops and bridge mode), its signature checked."""
    from pyoombpf.frontend.builder import ProgramBuilder
    from pyoombpf.frontend.policy_rules import check_handler

    job.builder = ProgramBuilder(abi=job.abi, mode=mode, experimental=getattr(job.policy, "experimental", False))
    job.program = job.builder.build(job.fn)
    check_handler(job.program.entry)
    job.namespace = job.fn.__globals__


STRUCT_OPS = StructOpsMode()

# PSI policies' runner, where it has always been importable from (pyoombpf/modes/psi.py)
from pyoombpf.modes.psi import PSI_BRIDGE_HINT, PsiPolicy, check_psi_kernel  # noqa: E402

__all__ = [
    "BRIDGE_HINT",
    "PSI_BRIDGE_HINT",
    "STRUCT_OPS",
    "PsiPolicy",
    "StructOpsPolicy",
    "check_kernel",
    "check_psi_kernel",
]
