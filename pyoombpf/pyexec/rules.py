"""Python execution rules for intrinsics, and the state a Python run works on.

Kernel objects and kfuncs are reached through an *environment* (:class:`PyEnv`): map contents, config values, and
a kernel model answering kfunc calls.  Anything the program uses that the environment does not model is an
explicit :class:`ModelError`, never a silent default.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pyoombpf.errors import PyoombpfError
from pyoombpf.hir import intrinsics as I
from pyoombpf.hir import nodes as H
from pyoombpf.pyexec.emit import PyEmitter
from pyoombpf.types.core import U64, BoolType, IntType
from pyoombpf.types.records import RecordType


class ModelError(PyoombpfError):
    """The simulated kernel has no model for something the program uses."""


class KernelModel:
    """What kfunc calls and availability tests see when a program runs as Python.  Subclasses (simulate mode)
    implement kfuncs as methods named after them; this base models none."""

    def now_ns(self) -> int:
        """``now_ns()``: the model's clock (CLOCK_MONOTONIC ns).  This base reads the machine's own clock."""
        return time.monotonic_ns()

    def has_kfunc(self, name: str) -> bool:
        return callable(getattr(self, name, None))

    def call_kfunc(self, name: str, args: tuple[Any, ...]) -> Any:
        fn = getattr(self, name, None)
        if not callable(fn):
            raise ModelError(
                f"kfunc {name} has no simulation model in {type(self).__name__}; "
                "add a method of that name to the kernel model (see docs/adding-a-kfunc.md)"
            )
        return fn(*args)


@dataclass
class MapState:
    """The contents of one map during a Python run (hash: dict, an LRU one in recency order, oldest first;
    array: list; ring buffer: records sent)."""

    kind: str
    max_entries: int
    data: Any = None

    def __post_init__(self) -> None:
        if self.data is None:
            self.data = [] if self.kind in ("array", "ringbuf") else {}


@dataclass
class PyEnv:
    """Everything a Python run reads and writes besides its arguments."""

    maps: dict[str, MapState] = field(default_factory=dict)
    config: dict[str, int] = field(default_factory=dict)
    kernel: KernelModel = field(default_factory=KernelModel)

    def map(self, ref: Any) -> MapState:
        st = self.maps.get(ref.name)
        if st is None:
            decl = ref.decl
            st = self.maps[ref.name] = MapState(decl.kind, decl.max_entries)
            if decl.kind == "array":
                zero = _zero(decl.value_type)
                st.data = [zero] * decl.max_entries
        return st


def _zero(t: Any) -> Any:
    if isinstance(t, RecordType):
        return t.pycls()
    if isinstance(t, BoolType):
        return False
    return 0


# --------------------------------------------------------------------------------------------- map operations


def _mget(st: MapState, key: int, default: Any) -> Any:
    if st.kind == "array":
        return st.data[key] if 0 <= key < st.max_entries else default
    value = st.data.get(key, default)
    _touch(st, key)
    return value


def _mhas(st: MapState, key: int) -> bool:
    """``key in m``: a lookup, so on an LRU map it refreshes the key too."""
    found = key in st.data
    _touch(st, key)
    return found


def _touch(st: MapState, key: int) -> None:
    """The LRU model: the dict's order is recency (oldest first); a lookup of ``key`` makes it the newest."""
    if st.kind == "lru_hash" and key in st.data:
        st.data[key] = st.data.pop(key)


def _room(st: MapState, key: int) -> bool:
    """Whether ``key`` can be stored: a full hash map refuses new keys (E2BIG); a full LRU map evicts its least
    recently used key (the kernel's choice is approximate: per-CPU lists and a reference bit, not this order)."""
    if key in st.data:
        _touch(st, key)
        return True
    if len(st.data) < st.max_entries:
        return True
    if st.kind != "lru_hash":
        return False
    del st.data[next(iter(st.data))]
    return True


def _mset(st: MapState, key: int, value: Any) -> None:
    if st.kind == "array":
        if 0 <= key < st.max_entries:
            st.data[key] = value
        return
    if _room(st, key):
        st.data[key] = value


def _mdel(st: MapState, key: int) -> None:
    st.data.pop(key, None)


def _field(base: Any, name: str, zero: Any) -> Any:
    if base is None:
        return zero  # the kernel reads 0 through a NULL untrusted pointer
    try:
        return getattr(base, name)
    except AttributeError:
        model = getattr(base, "model_name", type(base).__name__)  # (a simulate proxy names its model)
        raise ModelError(f"the kernel model's {model} has no field {name!r}") from None


def _index(base: Any, i: int, n: int) -> int:
    if base is None or not 0 <= i < n:
        return 0
    return int(base[i]) if i < len(base) else 0


def _env(em: PyEmitter) -> str:
    return "_env"


def py_map_get(em: PyEmitter, e: H.Intrinsic) -> str:
    return f"_mget({_env(em)}.map({em.bind(e.data, 'map')}), {em.expr(e.args[0])}, {em.expr(e.args[1])})"


def py_map_contains(em: PyEmitter, e: H.Intrinsic) -> str:
    return f"_mhas({_env(em)}.map({em.bind(e.data, 'map')}), {em.expr(e.args[0])})"


def py_map_set(em: PyEmitter, e: H.Intrinsic) -> str:
    return f"_mset({_env(em)}.map({em.bind(e.data, 'map')}), {em.expr(e.args[0])}, {em.expr(e.args[1])})"


def _maug(st: MapState, key: int, update: Callable[[Any], Any]) -> None:
    if st.kind == "array":
        if 0 <= key < st.max_entries:
            st.data[key] = update(st.data[key])
        return
    if _room(st, key):
        st.data[key] = update(st.data.get(key, 0))


def py_map_aug(em: PyEmitter, e: H.Intrinsic) -> str:
    ref, _current = e.data
    return f"_maug({_env(em)}.map({em.bind(ref, 'map')}), {em.expr(e.args[0])}, lambda _cur: {em.expr(e.args[1])})"


def py_map_current(em: PyEmitter, e: H.Intrinsic) -> str:
    return "_cur"


def py_map_delete(em: PyEmitter, e: H.Intrinsic) -> str:
    return f"_mdel({_env(em)}.map({em.bind(e.data, 'map')}), {em.expr(e.args[0])})"


def py_ringbuf_output(em: PyEmitter, e: H.Intrinsic) -> str:
    return f"{_env(em)}.map({em.bind(e.data, 'map')}).data.append({em.expr(e.args[0])})"


def py_config_read(em: PyEmitter, e: H.Intrinsic) -> str:
    ref = e.data
    default = bool(ref.decl.default) if isinstance(e.type, BoolType) else ref.decl.default
    return f"{_env(em)}.config.get({ref.name!r}, {default!r})"


def py_record_new(em: PyEmitter, e: H.Intrinsic) -> str:
    rt: RecordType = e.data
    cls = em.bind(rt.pycls, rt.name)
    args = ", ".join(f"{f.name}={em.expr(a)}" for f, a in zip(rt.fields, e.args, strict=False))
    return f"{cls}({args})"


def py_record_field(em: PyEmitter, e: H.Intrinsic) -> str:
    _rt, f = e.data
    return f"{em.expr(e.args[0])}.{f.name}"


def py_field(em: PyEmitter, e: H.Intrinsic) -> str:
    zero = "None" if getattr(e.type, "is_pointer", False) else "False" if isinstance(e.type, BoolType) else "0"
    return f"_field({em.expr(e.args[0])}, {e.data.name!r}, {zero})"


def py_array_index(em: PyEmitter, e: H.Intrinsic) -> str:
    return f"_index({em.expr(e.args[0])}, {em.expr(e.args[1])}, {e.data.nelems})"


def py_kfunc(em: PyEmitter, e: H.Intrinsic) -> str:
    args = "".join(f"{em.expr(a)}, " for a in e.args)
    call = f"{_env(em)}.kernel.call_kfunc({e.data.name!r}, ({args}))"
    t = e.type
    if isinstance(t, IntType):
        from pyoombpf.pyexec.emit import wrap_fn

        return f"{wrap_fn(t)}({call})"
    return call


def py_ksym_exists(em: PyEmitter, e: H.Intrinsic) -> str:
    return f"{_env(em)}.kernel.has_kfunc({e.data.name!r})"


def py_now_ns(em: PyEmitter, e: H.Intrinsic) -> str:
    from pyoombpf.pyexec.emit import wrap_fn

    return f"{wrap_fn(U64)}({_env(em)}.kernel.now_ns())"


RUNTIME = {
    "_mget": _mget,
    "_mhas": _mhas,
    "_mset": _mset,
    "_maug": _maug,
    "_mdel": _mdel,
    "_field": _field,
    "_index": _index,
}


# --------------------------------------------------------------------------------------------- OOM policies


def py_oc_kill(em: PyEmitter, e: H.Intrinsic) -> str:
    return f"{em.expr(e.args[0])}.kill({em.expr(e.args[1])}, {e.data.reason!r})"


def py_oc_kill_memcg(em: PyEmitter, e: H.Intrinsic) -> str:
    m = em.expr(e.args[1])
    return f"({em.expr(e.args[0])}.kill_memcg({m}, {e.data.reason!r}) if {m} is not None else 0)"


def py_oc_reclaim(em: PyEmitter, e: H.Intrinsic) -> str:
    m = em.expr(e.args[1])
    return f"({em.expr(e.args[0])}.reclaim({m}, {em.expr(e.args[2])}) if {m} is not None else 0)"


def py_oc_drop_files(em: PyEmitter, e: H.Intrinsic) -> str:
    return f"{em.expr(e.args[0])}.drop_files({e.data.tag!r}, {em.expr(e.args[1])})"


def py_oc_freeze(em: PyEmitter, e: H.Intrinsic) -> str:
    m = em.expr(e.args[1])
    return f"({em.expr(e.args[0])}.freeze({m}, {e.data.seconds!r}, {e.data.then!r}) if {m} is not None else 0)"


def py_memcg_acquire(em: PyEmitter, e: H.Intrinsic) -> str:
    return em.expr(e.args[0])  # references are the kernel's business; a model object is just shared


def _attribute(attr: str) -> Callable[[PyEmitter, H.Intrinsic], str]:
    return lambda em, e: f"{em.expr(e.args[0])}.{attr}"


def _method(method: str) -> Callable[[PyEmitter, H.Intrinsic], str]:
    """``obj.method(<the intrinsic's constant>)``, False when ``obj`` is None (a kernel NULL)."""

    def rule(em: PyEmitter, e: H.Intrinsic) -> str:
        obj = em.expr(e.args[0])
        return f"({obj} is not None and {obj}.{method}({e.data!r}))"

    return rule


def _optional(attr: str, absent: object) -> Callable[[PyEmitter, H.Intrinsic], str]:
    """``obj.attr``, or ``absent`` where the model object has no such attribute (``_field``)."""
    return lambda em, e: f"_field({em.expr(e.args[0])}, {attr!r}, {absent!r})"


#: a Python rule: ``rule(emitter, node) -> python expression source``
PyRule = Callable[[PyEmitter, Any], str]


def _model_attribute(op: I.IntrinsicDef) -> PyRule:
    """``obj.<name>`` of the descriptor's model attribute (``_field`` when a model object may lack it)."""
    assert op.model is not None and op.model.kind == "attr"
    if op.model.required:
        return _attribute(op.model.name)
    return _optional(op.model.name, op.model.absent)


def _counter(op: I.IntrinsicDef) -> PyRule:
    """``memcg.<family>(NAME)`` (``stat(NAME)`` compiles to one of these)."""
    assert op.model is not None
    return lambda em, e: f"{em.expr(e.args[0])}.{op.model.name}({e.data[0]!r})"  # type: ignore[union-attr]


def py_descendants(em: PyEmitter, s: H.ForIter) -> str:
    return f"{em.expr(s.source)}.descendants({bool(s.data)})"


def py_tasks(em: PyEmitter, s: H.ForIter) -> str:
    return f"{em.expr(s.source)}.tasks()"


def install_kernel(table: I.Table[PyRule]) -> None:
    """The generic built-ins: maps, records, config values, kernel members, kfuncs."""
    table.add_all(
        {
            I.MAP_GET: py_map_get,
            I.MAP_CONTAINS: py_map_contains,
            I.MAP_SET: py_map_set,
            I.MAP_AUG: py_map_aug,
            I.MAP_CURRENT: py_map_current,
            I.MAP_DELETE: py_map_delete,
            I.RINGBUF_OUTPUT: py_ringbuf_output,
            I.CONFIG_READ: py_config_read,
            I.RECORD_NEW: py_record_new,
            I.RECORD_FIELD: py_record_field,
            I.FIELD: py_field,
            I.ARRAY_INDEX: py_array_index,
            I.KFUNC: py_kfunc,
            I.KSYM_EXISTS: py_ksym_exists,
            I.NOW_NS: py_now_ns,
        }
    )


def install_policy(table: I.Table[PyRule]) -> None:
    """The OOM policy built-ins, answered by the kernel model (pyexec/model.py's Protocols)."""
    attributes = [op for op in I.ALL if op.form is I.Form.ATTRIBUTE and op.model is not None]
    table.add_all({op: _model_attribute(op) for op in attributes})
    table.add_all(
        {
            I.OC_KILL: py_oc_kill,
            I.OC_KILL_MEMCG: py_oc_kill_memcg,
            I.OC_RECLAIM: py_oc_reclaim,
            I.OC_DROP_FILES: py_oc_drop_files,
            I.OC_FREEZE: py_oc_freeze,
            I.MEMCG_COPY: py_memcg_acquire,
            I.MEMCG_NAME_IS: _method("name_is"),
            I.MEMCG_NAME_STARTSWITH: _method("name_startswith"),
            I.TASK_COMM_IS: _method("comm_is"),
            I.TASK_COMM_STARTSWITH: _method("comm_startswith"),
            I.MEMCG_XATTR_FLAG: _method("xattr_flag"),
            I.MEMCG_PAGE_STATE: _counter(I.MEMCG_PAGE_STATE),
            I.MEMCG_MEMORY_EVENTS: _counter(I.MEMCG_MEMORY_EVENTS),
            I.MEMCG_VM_EVENTS: _counter(I.MEMCG_VM_EVENTS),
            I.MEMCG_DESCENDANTS: py_descendants,
            I.MEMCG_TASKS: py_tasks,
        }
    )


@functools.cache
def python_table() -> I.Table[PyRule]:
    """The Python execution's table: what runs as Python (plain functions and OOM policies, not PSI ones)."""
    table: I.Table[PyRule] = I.Table("python", frozenset({I.SYSCALL, I.STRUCT_OPS, I.BRIDGE}))
    install_kernel(table)
    install_policy(table)
    return table
