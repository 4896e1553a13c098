"""The names PSI policies are written with, for both BPF PSI interfaces: v3 (the default: a sleepable program on
the ``psi_avgs_work`` tracepoint, "mm: BPF OOM" v3) and v2 (``struct bpf_psi_ops``, posted with v1/v2).

A PSI policy is a class whose methods are callbacks, written without ``self`` (the class only groups them; state
lives in maps, as in OOM policies):

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

    def on_cgroup_online(cgroup_id: u64) -> None: ...     # v2 only
    def on_cgroup_offline(cgroup_id: u64) -> None: ...    # v2 only
```

``init`` and ``on_event`` are mandatory.  With ``abi="v2"`` every method compiles to its own
``struct_ops.s/<member>`` program of a ``bpf_psi_ops`` object, and the kernel runs the triggers.  With ``abi="v3"``
(there is no ``bpf_psi_ops`` in v3) ``init`` becomes a ``SEC("syscall")`` program that user space runs once at
attach time, recording the triggers in a map, and a ``tp_btf.s/psi_avgs_work`` program checks them at every PSI
averaging run and calls ``on_event`` for those over their threshold; the cgroup callbacks exist only in v2
(docs/policies.md, "PSI policies").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pyoombpf.dsl.policy import MAX_POLICY_NAME, Marker
from pyoombpf.names import check_name, declaration_error
from pyoombpf.plain import Frozen

C = TypeVar("C", bound=type)

#: policy method -> ``bpf_psi_ops`` member (v2 ABI), in the struct's order
PSI_MEMBERS = {
    "init": "init",
    "on_event": "handle_psi_event",
    "on_cgroup_online": "handle_cgroup_online",
    "on_cgroup_offline": "handle_cgroup_offline",
}
MANDATORY = ("init", "on_event")
#: BPF PSI interface versions, the default first
PSI_ABIS = ("v3", "v2")
DEFAULT_PSI_ABI = "v3"
#: v3: the callbacks that exist (the others are bpf_psi_ops members only)
V3_CALLBACKS = ("init", "on_event")
#: v3: the BTF tracepoint whose sleepable programs may declare OOMs (its prototype: pyoombpf/btf/data/psi_v3.h)
PSI_V3_TRACEPOINT = "psi_avgs_work"


def v3_programs(symbol: str) -> tuple[str, str]:
    """v3: the names of the ``init`` program (SEC("syscall"), run at attach) and of the tracepoint program."""
    return f"{symbol}_init", f"{symbol}_{PSI_V3_TRACEPOINT}"


class PsiPolicySpec(Frozen):
    """What ``@psi_policy`` records on the class."""

    __slots__ = _fields = ("kind", "name", "methods", "abi")
    kind: str  # "psi"
    name: str
    #: policy method name -> the function (only the methods the class defines)
    methods: dict[str, Callable[..., Any]]
    abi: str

    def __init__(
        self, kind: str, name: str, methods: dict[str, Callable[..., Any]] | None = None, abi: str = DEFAULT_PSI_ABI
    ) -> None:
        self._set(kind=kind, name=name, methods={} if methods is None else methods, abi=abi)


def psi_policy(name: str | None = None, *, abi: str = DEFAULT_PSI_ABI) -> Callable[[C], C]:
    """Declare a class of PSI callbacks (``init``, ``on_event``, ``on_cgroup_online``, ``on_cgroup_offline``)
    a BPF PSI policy named ``name`` (default: the class's name), compiled for BPF PSI ``abi`` (``"v3"`` or
    ``"v2"``; ``compile(..., abi=...)`` overrides it)."""
    if abi not in PSI_ABIS:
        raise declaration_error(f"unknown BPF PSI ABI {abi!r}; choose one of {', '.join(PSI_ABIS)}")

    def mark(cls: C) -> C:
        if not isinstance(cls, type):
            raise declaration_error(f"@psi_policy decorates a class of PSI callbacks, not {cls!r}")
        policy_name = name or cls.__name__
        check_name(policy_name, "the policy name", MAX_POLICY_NAME)
        methods: dict[str, Callable[..., Any]] = {}
        for attr, value in vars(cls).items():
            fn = value.__func__ if isinstance(value, staticmethod) else value
            if attr in PSI_MEMBERS and callable(fn):
                methods[attr] = fn
            elif callable(fn) and not attr.startswith("_"):
                raise declaration_error(
                    f"{cls.__name__}.{attr} is not a PSI callback; a @psi_policy class defines "
                    f"{', '.join(PSI_MEMBERS)} (helpers go at module level)"
                )
        missing = [m for m in MANDATORY if m not in methods]
        if missing:
            raise declaration_error(
                f"@psi_policy class {cls.__name__} lacks {' and '.join(missing)} (the kernel needs both)"
            )
        cls.__pyoombpf_policy__ = PsiPolicySpec("psi", policy_name, methods, abi)  # type: ignore[attr-defined]
        return cls

    return mark


class PsiMarker(Marker):
    """An annotation-only name of PSI policies (``Psi``, ``PsiTrigger``)."""


#: ``init``'s argument: the handler's PSI state; ``psi.create_trigger(...)`` watches a cgroup's pressure
Psi = PsiMarker("Psi")
#: ``on_event``'s argument: the trigger that fired (``trigger.cgroup_id``, 0 = the whole system)
PsiTrigger = PsiMarker("PsiTrigger")


class PsiBuiltin:
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
declare_oom = PsiBuiltin("declare_oom")

__all__ = ["Psi", "PsiPolicySpec", "PsiTrigger", "declare_oom", "psi_policy"]
