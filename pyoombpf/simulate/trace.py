"""Tracing proxies: the policy's view of a scenario's objects, reporting what it reads to the :class:`Tracer`.

A simulated policy never touches a :class:`~pyoombpf.simulate.model.SimMemcg` directly: it gets one proxy per
object (:meth:`Tracer.proxy`), whose members are generated from the built-ins' descriptors
(:mod:`pyoombpf.hir.intrinsics`) through :func:`simulate_table`.  So the models stay plain data (no properties
shadowing their fields), and a new query is traced as soon as the table says how:

* a *read* (``usage``, ``is_leaf``, ``task.rss`` …) records ``attr=value`` in the object's trace entry;
* a *counter* (``page_state(NAME)``, ``swap_usage``) records the value under its name, marked when the scenario
  did not give it;
* *navigation* (``parent``, ``task.memcg``, ``oc.memcg``) and walks hand out proxies of the objects reached, and
  walks count visits;
* ``oc.kill``/``kill_memcg`` pass the underlying objects to the model's kill rules.

Anything else (``memcg.id``, ``task.pid``, other BTF members a model carries) is read from the object as it is.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any

from pyoombpf.hir import intrinsics as I
from pyoombpf.pyexec.oommodel import comm_text
from pyoombpf.pyexec.rules import ModelError

#: builds the proxy member for a descriptor's model name
Member = Callable[[str], Any]


class Traced:
    """Base of the generated proxies: ``_obj`` is the scenario object, ``_tracer`` the run's tracer;
    ``model_name`` names the object's model class in messages."""

    __slots__ = ("_obj", "_tracer")
    model_name = "Traced"

    def __init__(self, obj: Any, tracer: Any) -> None:
        self._obj = obj
        self._tracer = tracer

    def __getattr__(self, name: str) -> Any:  # identity and BTF members: the object's, untraced
        return getattr(self._obj, name)

    def __repr__(self) -> str:
        return f"<traced {self._obj!r}>"


def unwrap(value: Any) -> Any:
    """The scenario object behind a proxy (anything else as it is)."""
    return value._obj if isinstance(value, Traced) else value


# --------------------------------------------------------------------------------------------- member kinds


def read(shown: str = "") -> Member:
    """A traced attribute read (shown in the trace as ``shown``, default its own name)."""

    def member(name: str) -> Any:
        label = shown or name

        def get(self: Traced) -> Any:
            value = getattr(self._obj, name)
            self._tracer.read(self._obj, label, value)
            return value

        return property(get)

    return member


def counter(fixed: str = "") -> Member:
    """A counter: ``page_state(NAME)``-like methods, or (``fixed``) an attribute that is the counter ``fixed``
    (``swap_usage`` is MEMCG_SWAP).  Traced under its name, marked when the scenario does not give it."""

    def member(name: str) -> Any:
        if fixed:

            def get(self: Traced) -> Any:
                value, defaulted = self._obj.counter(fixed)
                self._tracer.read(self._obj, name, value, defaulted)
                return value

            return property(get)

        def method(self: Traced, counter_name: str) -> int:
            value, defaulted = self._obj.counter(counter_name)
            self._tracer.read(self._obj, counter_name, value, defaulted)
            return int(value)

        return method

    return member


def name_test(name: str) -> Any:
    """``name_is``/``name_startswith``: the directory name is what the policy read."""

    def method(self: Traced, text: str) -> bool:
        self._tracer.read(self._obj, "name", self._obj.kernfs_name)
        return bool(getattr(self._obj, name)(text))

    return method


def comm_test(name: str) -> Any:
    """``comm_is``/``comm_startswith``: the task's name is what the policy read."""

    def method(self: Traced, text: str) -> bool:
        self._tracer.read(self._obj, "comm", comm_text(self._obj.comm).decode(errors="replace"))
        return bool(getattr(self._obj, name)(text))

    return method


def xattr_test(method_name: str) -> Any:
    """``xattr_flag``: the xattr's value (and the owner) is what the policy read."""

    def method(self: Traced, name: str) -> bool:
        self._tracer.read(self._obj, f"xattr {name}", self._obj.xattrs.get(name))
        return bool(getattr(self._obj, method_name)(name))

    return method


def navigate(name: str) -> Any:
    """An attribute leading to another object (``parent``, ``memcg``): its proxy, untraced."""
    return property(lambda self: self._tracer.proxy(getattr(self._obj, name)))


def plain(name: str) -> Any:
    """Read as it is (the kernel's own bookkeeping, not a value a policy decides on)."""
    return property(lambda self: getattr(self._obj, name))


def walk(name: str) -> Any:
    """``descendants()``/``tasks()``: each object the walk yields is visited and handed out as its proxy; the
    tracer records the policy's decision about it when the walk moves on."""

    def method(self: Traced, *args: Any) -> Iterator[Any]:
        tracer = self._tracer
        for item in tracer.walk(getattr(self._obj, name)(*args)):  # (visits each; records where it was passed over)
            yield tracer.proxy(item)

    return method


def kill(name: str) -> Any:
    def method(self: Traced, victim: Any, reason: str) -> int:
        return int(getattr(self._obj, name)(unwrap(victim), reason))

    return method


def release(name: str) -> Any:
    """``oc.reclaim``/``drop_files``/``freeze``: the model's release rules on the underlying objects (they report
    what each action would free to the tracer)."""

    def method(self: Traced, *args: Any) -> int:
        return int(getattr(self._obj, name)(*(unwrap(a) for a in args)))

    return method


def totalpages(name: str) -> Any:
    def get(self: Traced) -> int:
        if not self._obj.totalpages_known:
            raise ModelError(
                "the policy reads oc.totalpages, which the scenario does not give: set [oom] totalpages, "
                "or a limit on the OOM cgroup"
            )
        return int(self._obj.totalpages)

    return property(get)


# --------------------------------------------------------------------------------------------- the table


@functools.cache
def simulate_table() -> I.Table[Member]:
    """How each built-in's model member is traced.  Simulate runs @oom_handler policies: built-ins of other
    modes are refused by the table's modes; the generic ones (maps, kfuncs, BTF members) need no model member."""
    table: I.Table[Member] = I.Table("simulate", I.OOM_MODES)
    table.add_all(
        {
            I.OC_MEMCG: navigate,
            I.OC_ATTACH_CGROUP_ID: plain,
            I.OC_ORDER: plain,
            I.OC_GFP_MASK: plain,
            I.OC_TOTALPAGES: totalpages,
            I.OC_VICTIM_EXITING: plain,
            I.OC_KILL: kill,
            I.OC_KILL_MEMCG: kill,
            I.OC_RECLAIM: release,
            I.OC_DROP_FILES: release,
            I.OC_FREEZE: release,
            I.OC_RELEASED: plain,
            I.MEMCG_ID: plain,
            I.MEMCG_USAGE: read(),
            I.MEMCG_SWAP_USAGE: counter("MEMCG_SWAP"),
            I.MEMCG_IS_LEAF: read(),
            I.MEMCG_PARENT: navigate,
            I.MEMCG_PAGE_STATE: counter(),
            I.MEMCG_MEMORY_EVENTS: counter(),
            I.MEMCG_VM_EVENTS: counter(),
            I.MEMCG_NAME_IS: name_test,
            I.MEMCG_NAME_STARTSWITH: name_test,
            I.MEMCG_XATTR_FLAG: xattr_test,
            I.MEMCG_DESCENDANTS: walk,
            I.MEMCG_TASKS: walk,
            I.TASK_OOM_SCORE_ADJ: read(),
            I.TASK_IS_OOM_VICTIM: read(),
            I.TASK_RSS: read(),
            I.TASK_SWAP: read(),
            I.TASK_MEMCG: navigate,
            I.TASK_COMM_IS: comm_test,
            I.TASK_COMM_STARTSWITH: comm_test,
        }
    )
    return table


#: BTF members the scenario models carry whose reads explain a decision (``memcg.oom_group``)
TRACED_MEMBERS = {I.Family.MEMCG: ("oom_group",)}


_PROXY_CLASSES: dict[type, type[Traced] | None] = {}


def proxy_class(model: type) -> type[Traced] | None:
    """The proxy class for scenario objects of class ``model`` (None for values that are not kernel objects)."""
    if model not in _PROXY_CLASSES:
        _PROXY_CLASSES[model] = _make_proxy_class(model)
    return _PROXY_CLASSES[model]


def _make_proxy_class(model: type) -> type[Traced] | None:
    from pyoombpf.simulate.model import SimMemcg, SimOomControl, SimTask

    family = {SimMemcg: I.Family.MEMCG, SimTask: I.Family.TASK, SimOomControl: I.Family.OOM_CONTROL}.get(model)
    if family is None:
        return None
    table = simulate_table()
    members: dict[str, Any] = {"__slots__": (), "model_name": model.__name__}
    for op in I.ALL:
        if op.family is family and op.model is not None and op in table:
            members[op.model.name] = table.lookup(op)(op.model.name)
    for name in TRACED_MEMBERS.get(family, ()):
        members[name] = read()(name)
    return type(f"Traced{family.value}", (Traced,), members)
