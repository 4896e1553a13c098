"""The compile modes, one object each (``pyoombpf/modes/base.py`` says what a mode is).

========================  ==================================================================================
mode                      what it compiles, and to what
========================  ==================================================================================
``syscall``               a plain function: a ``SEC("syscall")`` test program (``pyoombpf.testing``)
``struct_ops``            an ``@oom_handler``: a ``bpf_oom_ops`` struct_ops object (kernels with BPF OOM)
``bridge``                an ``@oom_handler``: a SYSCALL program a relay runs on each OOM (stock kernels)
``psi``                   a ``@psi_policy``: BPF PSI programs (v3 tracepoint, v2 ``bpf_psi_ops``)
========================  ==================================================================================

Importing this package loads no compiler, LLVM or kernel binding: the modes import them when used.
"""

from __future__ import annotations

from types import FunctionType
from typing import Any

from pyoombpf.errors import NotSupportedError
from pyoombpf.modes.base import Job, Mode
from pyoombpf.modes.bridge import BRIDGE
from pyoombpf.modes.psi import PSI
from pyoombpf.modes.struct_ops import STRUCT_OPS
from pyoombpf.modes.syscall import SYSCALL

#: every mode, by name
MODES: dict[str, Mode] = {m.name: m for m in (SYSCALL, STRUCT_OPS, BRIDGE, PSI)}
#: what ``compile(mode=...)`` accepts: the mode of a policy; plain functions and PSI policies have one mode each
POLICY_MODES = (STRUCT_OPS.name, BRIDGE.name)


def get(name: str) -> Mode:
    return MODES[name]


def select(fn: Any, policy: Any, mode: str) -> Mode:
    """The mode ``compile(fn, mode=mode)`` compiles in (``policy``: ``fn``'s policy declaration, None for a plain
    function)."""
    if policy is not None and policy.kind == PSI.policy:
        if mode == BRIDGE.name:
            raise NotSupportedError(
                "PSI policies in bridge mode",
                "a @psi_policy compiles only for the kernel's BPF PSI interfaces (v3: the psi_avgs_work tracepoint; "
                "v2: bpf_psi_ops)",
                "on stock kernels, run an @oom_handler policy in bridge mode with a PSI trigger instead",
            )
        return PSI
    if not isinstance(fn, FunctionType) or hasattr(fn, "__wrapped__"):
        from pyoombpf.frontend.source import not_a_function
        from pyoombpf.names import user_loc

        err = not_a_function(fn)
        err.loc = err.loc or user_loc()
        raise err
    if policy is not None:
        return MODES[mode]
    if mode == BRIDGE.name:
        from pyoombpf.errors import CompileError
        from pyoombpf.frontend.source import function_source

        sf, node = function_source(fn)
        raise CompileError(
            f"{fn.__name__!r} is not an @oom_handler policy: only policies have a bridge mode",
            sf.loc(node),
            (
                "decorate it with @oom_handler(...) to make it a policy, or compile it without mode='bridge' "
                "(--mode bridge): a plain function becomes a SYSCALL test program",
            ),
        )
    return SYSCALL


__all__ = ["BRIDGE", "MODES", "PSI", "STRUCT_OPS", "SYSCALL", "Job", "Mode", "get", "select"]
