"""What a kernel model must provide for a policy to run as Python: the model side of the built-ins.

A policy running as Python reads ``memcg.usage`` as the attribute ``usage`` of whatever object stands for the
memory cgroup; the descriptors in :mod:`pyoombpf.hir.intrinsics` say which attribute or method answers each
built-in (their ``model``).  These Protocols collect exactly those names per family (plus the few BTF members the
models carry for plain member reads, ``MODELLED_MEMBERS``); ``tests/compiler/test_intrinsics.py`` derives the
expected members from the descriptors and compares, so a new query cannot be added without its model member.

Implementations: :mod:`pyoombpf.pyexec.oommodel` (the plain models) and :mod:`pyoombpf.simulate.model` (scenario
models, traced by :mod:`pyoombpf.simulate.trace`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, runtime_checkable


@runtime_checkable
class MemcgLike(Protocol):
    """A memory cgroup (``MemCgroup``)."""

    @property
    def id(self) -> int: ...

    @property
    def usage(self) -> int: ...

    @property
    def swap_usage(self) -> int: ...

    @property
    def is_leaf(self) -> bool: ...

    @property
    def parent(self) -> MemcgLike | None: ...

    def page_state(self, name: str) -> int: ...

    def memory_events(self, name: str) -> int: ...

    def vm_events(self, name: str) -> int: ...

    def name_is(self, text: str) -> bool: ...

    def name_startswith(self, text: str) -> bool: ...

    def xattr_flag(self, name: str) -> bool: ...

    def descendants(self, post_order: bool = True) -> Iterator[MemcgLike]: ...

    def tasks(self) -> Iterator[TaskLike]: ...


@runtime_checkable
class TaskLike(Protocol):
    """A task (``Task``, or a ``struct task_struct *`` from a kfunc)."""

    @property
    def pid(self) -> int: ...

    @property
    def tgid(self) -> int: ...

    @property
    def comm(self) -> bytes: ...

    @property
    def oom_score_adj(self) -> int: ...

    @property
    def is_oom_victim(self) -> bool: ...

    @property
    def rss(self) -> int: ...

    @property
    def swap(self) -> int: ...

    @property
    def memcg(self) -> MemcgLike | None: ...

    def comm_is(self, text: str) -> bool: ...

    def comm_startswith(self, text: str) -> bool: ...


@runtime_checkable
class OomControlLike(Protocol):
    """The OOM being handled (``oc: OomControl``): kills follow the kernel's rules and return the verdict."""

    @property
    def memcg(self) -> MemcgLike: ...

    @property
    def attach_cgroup_id(self) -> int: ...

    @property
    def order(self) -> int: ...

    @property
    def gfp_mask(self) -> int: ...

    @property
    def totalpages(self) -> int: ...

    @property
    def victim_exiting(self) -> bool: ...

    def kill(self, task: TaskLike, reason: str) -> int: ...

    def kill_memcg(self, memcg: MemcgLike, reason: str) -> int: ...

    @property
    def released(self) -> int: ...

    def reclaim(self, memcg: MemcgLike, nbytes: int) -> int: ...

    def drop_files(self, tag: str, nbytes: int) -> int: ...

    def freeze(self, memcg: MemcgLike, seconds: int, then: str) -> int: ...


#: BTF members the models carry for plain member reads (``task.pid``), beyond the built-ins' model names
MODELLED_MEMBERS: dict[type, frozenset[str]] = {TaskLike: frozenset({"pid", "tgid", "comm"})}


def members(protocol: type) -> frozenset[str]:
    """The attribute and method names a Protocol declares."""
    return frozenset(
        n for c in protocol.__mro__ if c not in (Protocol, object) for n in vars(c) if not n.startswith("_")
    )
