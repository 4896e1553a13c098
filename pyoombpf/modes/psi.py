"""PSI mode: a ``@psi_policy`` class compiled for the kernel's BPF PSI interface and run system-wide.

```python
from pyoombpf import compile
from pyoombpf.modes.psi import PsiPolicy          # (also importable from pyoombpf.modes.struct_ops)

with PsiPolicy(compile(PsiOom)) as policy:
    policy.attach()                                # runs init(), then the kernel calls on_event
```

v3 (the default): an ``init`` SYSCALL program run at attach time and a ``tp_btf.s/psi_avgs_work`` program
(lowering/psi_v3.py); v2: one ``struct_ops.s/<member>`` program per callback and the ``bpf_psi_ops`` value
(lowering/psi.py).  PSI policies do not run as Python (no model of PSI triggers).
"""

from __future__ import annotations

from typing import Any

from pyoombpf.errors import NotSupportedError
from pyoombpf.hir import intrinsics as I
from pyoombpf.hir import nodes as H
from pyoombpf.modes.base import Job, Mode
from pyoombpf.modes.loaded import LoadedOps


class PsiMode(Mode):
    name = I.PSI
    policy = "psi"
    python = I.Refusal(
        "running a PSI policy as Python",
        "the Python execution layer (pyoombpf.pyexec) has no model of PSI triggers yet",
        "test PSI policies in the test VM (tests/vm/test_psi_python_vm.py shows how)",
    )

    def frontend(self, job: Job) -> None:
        """Every callback typed by one builder (so maps and helpers are shared), each checked against the
        callback's signature in the ABI compiled for."""
        from pyoombpf.dsl.psi import PSI_ABIS
        from pyoombpf.frontend.builder import ProgramBuilder
        from pyoombpf.frontend.psi_rules import check_callback, v3_lacks

        job.abi = job.abi or job.policy.abi
        if job.abi not in PSI_ABIS:
            raise NotSupportedError(
                f"BPF PSI ABI {job.abi!r}",
                "PSI policies compile to v3 (the psi_avgs_work tracepoint) or v2 (bpf_psi_ops)",
                "choose abi='v3' or abi='v2' (`--abi v3` / `--abi v2`)",
            )
        job.builder = builder = ProgramBuilder(mode=self.name, psi_abi=job.abi)
        for method, fn in job.policy.methods.items():
            if job.abi == "v3" and (lacking := v3_lacks(method, fn)) is not None:
                raise lacking
            func = builder.function(fn, None)
            func.is_entry = True
            check_callback(method, func)
            job.callbacks[method] = func
        entry = job.callbacks["init"]
        job.program = H.Program(entry=entry, functions=list(builder.order), globals=builder.globals_used)
        job.namespace = job.policy.methods["init"].__globals__

    def module(self, job: Job) -> Any:
        from pyoombpf.lowering.module import ModuleLowering
        from pyoombpf.lowering.targets import psi_table

        assert job.program is not None
        filename = job.program.entry.filename
        return ModuleLowering(filename, name=job.name, types=self.types(job), table=psi_table(job.abi))

    def entry(self, job: Job) -> None:
        from pyoombpf.lowering import psi as psi_v2
        from pyoombpf.lowering import psi_v3

        assert job.program is not None
        lowering = psi_v3 if job.abi == "v3" else psi_v2
        states = job.program.globals.get("psi_states", set())
        job.symbol = lowering.add_psi_programs(job.ml.target, job.callbacks, job.name, states)

    def runner(self) -> Any:
        return PsiPolicy


PSI = PsiMode()


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


class PsiPolicy(LoadedOps):
    """A ``@psi_policy`` in the kernel.  PSI handlers are system-wide: ``attach()`` runs ``init`` and refuses the
    attachment with an ``AttachError`` if it returns non-zero.  v2: the object is a ``bpf_psi_ops`` map that
    ``attach()`` registers (the kernel runs ``init``); v3: ``attach()`` runs the ``init`` program itself, then
    attaches the ``psi_avgs_work`` tracepoint program.  Closing detaches it (its triggers go with it).  A context
    manager."""

    def __init__(self, compiled: Any) -> None:
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
