"""struct_ops mode: a compiled policy loaded as a ``bpf_oom_ops`` handler and attached to cgroups.

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

from collections.abc import Callable
from typing import Any, Self

from pyoombpf.compiler import CompiledObject
from pyoombpf.errors import NotSupportedError

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


class _LoadedOps:
    """A compiled struct_ops object loaded into the kernel, its links, and typed access to its maps.  Closing
    closes every link (detaching the handler) and the object.  A context manager."""

    def __init__(
        self, compiled: CompiledObject, kind: str, what: str, check: Callable[[], None], *, struct_ops: bool = True
    ) -> None:
        from pyoombpf.runtime import BpfObject

        if compiled.kind != kind:
            raise TypeError(f"{compiled.name} is not {what} (it compiled to a {compiled.kind} program)")
        check()
        self.compiled = compiled
        self._obj = BpfObject.open(compiled.elf, name=compiled.name)
        self._links: list[Any] = []
        self._fds: list[Any] = []
        try:
            self._obj.load()
            self._ops = self._obj.struct_ops(compiled.symbol) if struct_ops else None
        except BaseException:
            self._obj.close()
            raise

    def map(self, name: str) -> Any:
        """A map of the policy, with keys and values typed as declared (ints, @record instances)."""
        key, value = self.compiled.map_codecs(name)
        return self._obj.map(name, key=key, value=value)

    def close(self) -> None:
        for link in self._links:
            link.close()
        for fd in self._fds:
            fd.close()
        self._links.clear()
        self._fds.clear()
        self._obj.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class StructOpsPolicy(_LoadedOps):
    """A policy loaded into the kernel as a struct_ops map; ``attach()`` puts it on cgroups.  Closing detaches
    it everywhere.  A context manager."""

    def __init__(self, compiled: CompiledObject) -> None:
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


PSI_BRIDGE_HINT = "on stock kernels, bridge mode wakes an @oom_handler policy on a PSI trigger instead"


def check_psi_kernel(abi: str = "v2") -> None:
    """Raise unless the running kernel provides BPF PSI ``abi``: v3, the ``psi_avgs_work`` tracepoint (with
    ``psi_group.cgroup_id``); v2, ``bpf_psi_ops``."""
    from pyoombpf.btf import probe, try_vmlinux
    from pyoombpf.dsl.psi import PSI_V3_TRACEPOINT
    from pyoombpf.runtime import features

    found = features()
    if abi == "v3" and not probe.psi_tracepoint(try_vmlinux()):
        other = " (it has bpf_psi_ops: compile with abi='v2')" if found.has_struct_ops("bpf_psi_ops") else ""
        raise NotSupportedError(
            f"BPF PSI v3 (the {PSI_V3_TRACEPOINT} tracepoint)",
            f"the running kernel {found.kernel_release} does not have it{other}: it needs a kernel carrying the "
            "unmerged 'mm: BPF OOM' v3 series (for example pyoombpf's test kernel, `make vmtest`)",
            PSI_BRIDGE_HINT,
        )
    if abi == "v2" and not found.has_struct_ops("bpf_psi_ops"):
        raise NotSupportedError(
            "BPF PSI handlers (struct bpf_psi_ops, BPF PSI v2)",
            f"the running kernel {found.kernel_release} does not have them: they need a kernel carrying the "
            "BPF PSI patches posted with 'mm: BPF OOM' v1/v2 (for example pyoombpf's test kernel, `make vmtest`)",
            PSI_BRIDGE_HINT,
        )


class PsiPolicy(_LoadedOps):
    """A ``@psi_policy`` in the kernel.  PSI handlers are system-wide: ``attach()`` runs ``init`` and refuses the
    attachment with an ``AttachError`` if it returns non-zero.  v2: the object is a ``bpf_psi_ops`` map that
    ``attach()`` registers (the kernel runs ``init``); v3: ``attach()`` runs the ``init`` program itself, then
    attaches the ``psi_avgs_work`` tracepoint program.  Closing detaches it (its triggers go with it).  A context
    manager."""

    def __init__(self, compiled: CompiledObject) -> None:
        v3 = compiled.abi == "v3"
        super().__init__(compiled, "psi", "a @psi_policy", lambda: check_psi_kernel(compiled.abi), struct_ops=not v3)

    def attach(self) -> Any:
        """Attach the policy system-wide: register the struct_ops map (v2), or run ``init`` and attach the
        tracepoint program (v3).  Returns the link."""
        if self._links:
            raise RuntimeError(f"{self.compiled.name} is already attached")
        link = self._attach_v3() if self._ops is None else self._ops.register()
        self._links.append(link)
        return link

    def _attach_v3(self) -> Any:
        import errno

        from pyoombpf.dsl.psi import v3_programs
        from pyoombpf.errors import AttachError

        init, tracepoint = v3_programs(self.compiled.symbol)
        retval = self._obj.program(init).test_run().retval
        rc = retval - (1 << 32) if retval >= 1 << 31 else retval
        if rc != 0:
            raise AttachError(
                f"attaching PSI policy {self.compiled.name!r} failed: its init() returned {rc}",
                -rc if rc < 0 else errno.EINVAL,
            )
        return self._obj.program(tracepoint).attach()
