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

    def __init__(self, compiled: CompiledObject, kind: str, what: str, check: Callable[[], None]) -> None:
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
            self._ops = self._obj.struct_ops(compiled.symbol)
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

    def attach(self, cgroup: str | None = None) -> Any:
        """Attach to the cgroup directory ``cgroup`` (cgroup v2; default: the root, i.e. system-wide).  One
        policy per cgroup: a second one is an ``AttachError`` with errno ``EEXIST``."""
        from pyoombpf.runtime import CgroupFd, features

        path = cgroup or features().cgroup2_root or "/sys/fs/cgroup"
        fd = CgroupFd(path)
        try:
            link = self._ops.attach(fd)
        except BaseException:
            fd.close()
            raise
        self._fds.append(fd)
        self._links.append(link)
        return link


def check_psi_kernel() -> None:
    """Raise unless the running kernel provides ``bpf_psi_ops`` (BPF PSI handlers)."""
    from pyoombpf.runtime import features

    found = features()
    if not found.has_struct_ops("bpf_psi_ops"):
        raise NotSupportedError(
            "BPF PSI handlers (struct bpf_psi_ops)",
            f"the running kernel {found.kernel_release} does not have them: they need a kernel carrying the "
            "unmerged BPF PSI patches (for example pyoombpf's test kernel, `make vmtest`)",
            "on stock kernels, bridge mode wakes an @oom_handler policy on a PSI trigger instead",
        )


class PsiPolicy(_LoadedOps):
    """A ``@psi_policy`` loaded as a ``bpf_psi_ops`` struct_ops map.  PSI handlers are system-wide:
    ``attach()`` registers it (the kernel runs ``init`` then, and refuses the registration with an
    ``AttachError`` if ``init`` returns non-zero).  Closing unregisters it (its triggers go with it).
    A context manager."""

    def __init__(self, compiled: CompiledObject) -> None:
        super().__init__(compiled, "psi", "a @psi_policy", check_psi_kernel)

    def attach(self) -> Any:
        """Register the handler system-wide (a struct_ops link without a target)."""
        if self._links:
            raise RuntimeError(f"{self.compiled.name} is already attached")
        link = self._ops.register()
        self._links.append(link)
        return link
