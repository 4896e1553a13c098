"""bridge mode: an ``@oom_handler`` as one sleepable ``SEC("syscall")`` program that a relay runs on every OOM
(:mod:`pyoombpf.bridge`, docs/bridge.md).

Its lowering target is ``lowering/bridge.py`` (a ``MemCgroup`` is a referenced ``struct cgroup *``; kills are
signals recorded in ``pyo_kills``) with the bridge table of built-ins.  The object folds in facts of the compiling
kernel (enum values, the memcg counter layout, which memcg kfuncs exist), so it is bound to that kernel: loading
it on another is refused (pyoombpf.objspec).
"""

from __future__ import annotations

from typing import Any

from pyoombpf.hir import intrinsics as I
from pyoombpf.modes.base import Job, Mode
from pyoombpf.modes.struct_ops import handler_frontend


class BridgeMode(Mode):
    name = I.BRIDGE
    policy = "oom"
    kernel_bound = True

    def frontend(self, job: Job) -> None:
        job.abi = job.policy.abi
        handler_frontend(job, self.name)

    def module(self, job: Job) -> Any:
        from pyoombpf.lowering.bridge import BridgePolicyLowering
        from pyoombpf.lowering.module import ModuleLowering
        from pyoombpf.lowering.targets import bridge_table

        assert job.program is not None
        filename, types = job.program.entry.filename, self.types(job)
        return ModuleLowering(
            filename, name=job.name, types=types, policy_class=BridgePolicyLowering, table=bridge_table()
        )

    def entry(self, job: Job) -> None:
        from pyoombpf.lowering.bridge import BridgePolicyLowering

        assert job.program is not None
        bridge = job.ml.target
        assert isinstance(bridge, BridgePolicyLowering)
        job.symbol = bridge.add_entry(job.program.entry, job.name)
        # the list fills while the module is finished (functions are lowered then): hand over the list itself
        job.kill_reasons = bridge.kill_reasons
        job.releases = bridge.release_sites

    def runner(self) -> Any:
        from pyoombpf.bridge.policy import BridgePolicy

        return BridgePolicy


BRIDGE = BridgeMode()
