"""Names for reaching into the kernel from policy code.

* ``ktypes.task_struct`` — the type "pointer to ``struct task_struct``" (for annotations);
* ``kfuncs.bpf_task_from_pid(pid)`` — a call of the kernel function of that name, typed from BTF;
* ``available(kfuncs.bpf_mem_cgroup_usage)`` — true when the running kernel has that kfunc (every kfunc is
  declared weak, so one object loads on kernels with and without it);
* ``now_ns()`` — the kernel's CLOCK_MONOTONIC in nanoseconds (a BPF helper, not a kfunc).
"""

from __future__ import annotations

from pyoombpf.plain import Frozen


class KTypeRef(Frozen):
    """``ktypes.NAME``: pointer to ``struct NAME`` (``union`` via ``ktypes.union.NAME``)."""

    __slots__ = _fields = ("name", "union")
    name: str
    union: bool

    def __init__(self, name: str, union: bool = False) -> None:
        self._set(name=name, union=union)

    def __repr__(self) -> str:
        return f"ktypes.{'union.' if self.union else ''}{self.name}"


class KfuncRef(Frozen):
    __slots__ = _fields = ("name",)
    name: str

    def __init__(self, name: str) -> None:
        self._set(name=name)

    def __repr__(self) -> str:
        return f"kfuncs.{self.name}"

    def __call__(self, *args: object) -> object:
        raise RuntimeError(
            f"kfuncs.{self.name}() runs only inside compiled BPF code (or pyoombpf.simulate, against a model)"
        )


class _Namespace:
    __pyoombpf_namespace__ = True

    def __init__(self, factory: type, union: bool = False) -> None:
        self._factory = factory
        self._union = union

    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):
            raise AttributeError(name)
        if self._factory is KTypeRef:
            if name == "union" and not self._union:
                return _Namespace(KTypeRef, union=True)
            return KTypeRef(name, self._union)
        return self._factory(name)


ktypes = _Namespace(KTypeRef)
kfuncs = _Namespace(KfuncRef)


class Available:
    """``available(kfuncs.NAME)``: in compiled code, does the running kernel provide that kfunc?"""

    def __call__(self, kfunc: KfuncRef) -> bool:
        raise RuntimeError("available() runs only inside compiled BPF code (or pyoombpf.simulate, against a model)")

    def __repr__(self) -> str:
        return "pyoombpf.available"


available = Available()


class NowNs:
    """``now_ns() -> u64``: CLOCK_MONOTONIC nanoseconds since boot (the clock of ``task.start_time``), read with
    the ``bpf_ktime_get_ns`` helper in compiled code; in simulate mode, the model's clock."""

    def __call__(self) -> int:
        raise RuntimeError("now_ns() runs only inside compiled BPF code (or pyoombpf.simulate, against a model)")

    def __repr__(self) -> str:
        return "pyoombpf.now_ns"


now_ns = NowNs()

__all__ = ["Available", "KTypeRef", "KfuncRef", "NowNs", "available", "kfuncs", "ktypes", "now_ns"]
