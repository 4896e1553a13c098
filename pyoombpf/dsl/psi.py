"""The names PSI policies are written with (``struct bpf_psi_ops``, the BPF PSI v2 ABI).

A PSI policy is a class whose methods are the kernel's callbacks, written without ``self`` (the class only
groups them; state lives in maps, as in OOM policies):

```python
from pyoombpf import ArrayMap, MemCgroup, Psi, PsiTrigger, declare_oom, i32, psi_policy, u64

target = ArrayMap(u64, max_entries=1)   # the watched cgroup id, written from user space before attaching

@psi_policy(name="psi_oom")
class PsiOom:
    def init(psi: Psi) -> i32:
        return psi.create_trigger(target[0], resource="memory", full=True,
                                  threshold_us=100_000, window_us=1_000_000)

    def on_event(trigger: PsiTrigger) -> None:
        memcg = MemCgroup.from_cgroup_id(trigger.cgroup_id)
        if memcg is not None:
            declare_oom(memcg)         # bpf_out_of_memory(memcg, 0, BPF_OOM_FLAGS_WAIT_ON_OOM_LOCK)

    def on_cgroup_online(cgroup_id: u64) -> None: ...
    def on_cgroup_offline(cgroup_id: u64) -> None: ...
```

``init`` and ``on_event`` are mandatory (the kernel refuses a ``bpf_psi_ops`` without them); the cgroup callbacks
are optional.  Every method compiles to its own ``struct_ops.s/<member>`` program of one object.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pyoombpf.dsl.policy import _Marker

C = TypeVar("C", bound=type)

#: policy method -> ``bpf_psi_ops`` member (v2 ABI), in the struct's order
PSI_MEMBERS = {
    "init": "init",
    "on_event": "handle_psi_event",
    "on_cgroup_online": "handle_cgroup_online",
    "on_cgroup_offline": "handle_cgroup_offline",
}
MANDATORY = ("init", "on_event")
PSI_ABIS = ("v2",)


@dataclass(frozen=True)
class PsiPolicySpec:
    """What ``@psi_policy`` records on the class."""

    kind: str  # "psi"
    name: str
    #: policy method name -> the function (only the methods the class defines)
    methods: dict[str, Callable[..., Any]] = field(default_factory=dict)
    abi: str = "v2"


def psi_policy(name: str | None = None, *, abi: str = "v2") -> Callable[[C], C]:
    """Declare a class of PSI callbacks (``init``, ``on_event``, ``on_cgroup_online``, ``on_cgroup_offline``)
    a BPF PSI policy named ``name`` (default: the class's name)."""
    if abi not in PSI_ABIS:
        raise ValueError(f"unknown BPF PSI ABI {abi!r}; choose one of {', '.join(PSI_ABIS)}")

    def mark(cls: C) -> C:
        if not isinstance(cls, type):
            raise TypeError(f"@psi_policy decorates a class of PSI callbacks, not {cls!r}")
        policy_name = name or cls.__name__
        if len(policy_name.encode()) >= 64:
            raise ValueError(f"policy name {policy_name!r} is longer than 63 bytes")
        methods: dict[str, Callable[..., Any]] = {}
        for attr, value in vars(cls).items():
            fn = value.__func__ if isinstance(value, staticmethod) else value
            if attr in PSI_MEMBERS and callable(fn):
                methods[attr] = fn
            elif callable(fn) and not attr.startswith("_"):
                raise ValueError(
                    f"{cls.__name__}.{attr} is not a PSI callback; a @psi_policy class defines "
                    f"{', '.join(PSI_MEMBERS)} (helpers go at module level)"
                )
        missing = [m for m in MANDATORY if m not in methods]
        if missing:
            raise ValueError(f"@psi_policy class {cls.__name__} lacks {' and '.join(missing)} (the kernel needs both)")
        cls.__pyoombpf_policy__ = PsiPolicySpec("psi", policy_name, methods, abi)  # type: ignore[attr-defined]
        return cls

    return mark


class _PsiMarker(_Marker):
    """An annotation-only name of PSI policies (``Psi``, ``PsiTrigger``)."""


#: ``init``'s argument: the handler's PSI state; ``psi.create_trigger(...)`` watches a cgroup's pressure
Psi = _PsiMarker("Psi")
#: ``on_event``'s argument: the trigger that fired (``trigger.cgroup_id``, 0 = the whole system)
PsiTrigger = _PsiMarker("PsiTrigger")


class _PsiBuiltin:
    """A function of PSI policies that exists only in compiled code."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"pyoombpf.{self.name}"

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(f"{self.name}() runs only inside a compiled PSI policy (pyoombpf.compile)")


#: ``declare_oom(memcg, order=0, wait=True) -> i32``: run the kernel's OOM path on ``memcg`` (its BPF OOM handlers,
#: then the OOM killer): ``bpf_out_of_memory``.  1 = progress was made; ``-EBUSY`` without ``wait`` if the OOM
#: lock was taken; ``-ENOENT`` (nothing declared) if ``memcg`` is None at run time.  ``declare_oom(None)``, written
#: out, declares a system-wide OOM.  Only in PSI policies (the kernel refuses it inside OOM handlers).
declare_oom = _PsiBuiltin("declare_oom")

__all__ = ["Psi", "PsiPolicySpec", "PsiTrigger", "declare_oom", "psi_policy"]
