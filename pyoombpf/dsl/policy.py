"""The names OOM policies are written with.

```python
from pyoombpf import MemCgroup, OomControl, PASS, Verdict, oom_handler, u64

@oom_handler(name="largest_leaf")
def largest_leaf(oc: OomControl) -> Verdict:
    scope = oc.memcg                     # the cgroup out of memory: ours, or one below it
    if scope is None:
        return PASS                      # the kernel's own OOM killer decides
    best = None
    best_usage: u64 = 0
    for memcg in scope.descendants():   # post-order walk under RCU, references managed for you
        if memcg.is_leaf and memcg.usage > best_usage:
            best, best_usage = memcg, memcg.usage
    if best is None:
        return PASS
    return oc.kill_memcg(best, "largest leaf")
```

A handler returns ``PASS`` or what ``oc.kill(...)`` / ``oc.kill_memcg(...)`` returned: only a real kill counts as
handled, in the kernel and in the language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, overload

from pyoombpf.names import check_name, declaration_error
from pyoombpf.plain import Frozen

F = TypeVar("F", bound=Callable[..., Any])

#: the kernel's struct_ops name field holds 63 bytes and a NUL
MAX_POLICY_NAME = 63

ABIS = ("v3", "v2", "post-v3")


class PolicySpec(Frozen):
    """What ``@oom_handler`` records on the function."""

    __slots__ = _fields = ("kind", "name", "abi", "experimental")
    kind: str  # "oom"
    name: str
    abi: str
    #: built-ins that need pyoombpf's own kernel proposals (struct_ops: oc.reclaim's kfunc) are allowed
    experimental: bool

    def __init__(self, kind: str, name: str, abi: str = "v3", experimental: bool = False) -> None:
        self._set(kind=kind, name=name, abi=abi, experimental=experimental)


@overload
def oom_handler(name: F) -> F: ...


@overload
def oom_handler(name: str | None = None, *, abi: str = "v3", experimental: bool = False) -> Callable[[F], F]: ...


def oom_handler(name: Any = None, *, abi: str = "v3", experimental: bool = False) -> Any:
    """Declare ``fn(oc: OomControl) -> Verdict`` an OOM policy named ``name`` (default: the function's name).

    ``@oom_handler`` without parentheses is ``@oom_handler()``, as with ``@dataclass``.

    ``abi`` selects the BPF OOM interface version for struct_ops mode (``v3`` default, ``v2``, ``post-v3``).
    ``experimental=True`` allows, in struct_ops mode, what only pyoombpf's test kernel offers beyond the upstream
    series: ``oc.reclaim`` through the ``bpf_oom_reclaim_memcg`` kfunc (docs/test-kernel.md).
    """
    if callable(name) and not isinstance(name, str):
        return oom_handler()(name)
    if not isinstance(experimental, bool):
        raise declaration_error(f"experimental must be True or False, not {experimental!r}")
    if abi not in ABIS:
        raise declaration_error(f"unknown BPF OOM ABI {abi!r}; choose one of {', '.join(ABIS)}")
    if name is not None:
        check_name(name, "the policy name", MAX_POLICY_NAME)

    def mark(fn: F) -> F:
        policy_name: str = name if name is not None else getattr(fn, "__name__", "")
        if name is None:
            check_name(policy_name, "the policy name (the function's name)", MAX_POLICY_NAME)
        fn.__pyoombpf_policy__ = PolicySpec("oom", policy_name, abi, experimental)  # type: ignore[attr-defined]
        return fn

    return mark


class Marker:
    """An annotation-only name (``OomControl``, ``MemCgroup``, ``Task``, ``Verdict``)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"pyoombpf.{self.name}"


OomControl = Marker("OomControl")
MemCgroup = Marker("MemCgroup")
Task = Marker("Task")
Verdict = Marker("Verdict")


class Pass:
    def __repr__(self) -> str:
        return "pyoombpf.PASS"


#: The verdict "not handled here": the next handler up the cgroup tree, or the kernel's OOM killer, decides.
PASS = Pass()

__all__ = ["PASS", "MemCgroup", "OomControl", "PolicySpec", "Task", "Verdict", "oom_handler"]
