"""The built-ins of the language, one descriptor each, and the per-target tables that implement them.

A policy's ``memcg.usage`` is the typed HIR node ``Intrinsic(op=MEMCG_USAGE, …)``.  Every stage keys on that one
object: the typing rule that produced it, each lowering target (struct_ops, bridge, PSI), the Python execution,
the kernel model (:mod:`pyoombpf.pyexec.model`'s Protocols list the ``model`` names of these descriptors) and
simulate's tracing.  Nothing is looked up by a string.

Each target builds a :class:`Table` by calling ``install`` functions explicitly (nothing registers itself by being
imported) and either implements a descriptor or refuses it with a reason.  ``tests/compiler/test_intrinsics.py``
checks every descriptor against every target: adding a built-in and forgetting a target fails there, naming both.
See docs/design.md, "Adding a policy query".

This module is a leaf: it imports only semantic types, errors and the plain value classes (:mod:`pyoombpf.plain`,
which imports nothing).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Generic, TypeVar

from pyoombpf.errors import NotSupportedError
from pyoombpf.plain import Frozen, Plain
from pyoombpf.types.core import BOOL, I16, I32, U32, U64, Type
from pyoombpf.types.policy import VERDICT

# --------------------------------------------------------------------------------------------- modes

#: The compile modes (``CompiledObject.kind``): a plain function's test program, an @oom_handler as a
#: ``bpf_oom_ops`` struct_ops object or as a bridge-mode SYSCALL program, a @psi_policy.
SYSCALL, STRUCT_OPS, BRIDGE, PSI = "syscall", "struct_ops", "bridge", "psi"
ALL_MODES = frozenset({SYSCALL, STRUCT_OPS, BRIDGE, PSI})
#: modes whose entry is an @oom_handler (an ``OomControl`` exists)
OOM_MODES = frozenset({STRUCT_OPS, BRIDGE})
#: modes in which ``MemCgroup`` values exist
MEMCG_MODES = frozenset({STRUCT_OPS, BRIDGE, PSI})


class Family(Enum):
    """Which kind of object a built-in belongs to (the model class that answers it in Python)."""

    OOM_CONTROL = "OomControl"
    MEMCG = "MemCgroup"
    TASK = "Task"
    PSI = "PSI"
    KERNEL = "kernel"
    MAP = "map"
    RECORD = "record"
    CONFIG = "config"


class Form(Enum):
    """How a policy spells it."""

    ATTRIBUTE = "attribute"  # memcg.usage
    METHOD = "method"  # memcg.name_is("x"), oc.kill(task, "why")
    ITERATOR = "iterator"  # for m in memcg.descendants()
    CALL = "call"  # declare_oom(memcg), kfuncs.x(...), available(...)
    HIDDEN = "hidden"  # inserted by the compiler (a MemCgroup copy, a map entry's current value)


class Result(Enum):
    """Result types only the typing rule knows exactly."""

    MEMCG = "MemCgroup"  # an owned struct mem_cgroup reference
    FROM_RULE = "from the typing rule"  # a kfunc's return type, a map's value type, a BTF member's type …


#: ``ModelAccess.absent`` of an attribute every model object must have
REQUIRED = "<required>"


class ModelAccess(Frozen):
    """How the Python model answers a built-in: attribute or method ``name`` of the model object of the
    descriptor's family.  ``absent``: what an object without that attribute gives (``task.rss`` of a task read
    from /proc); ``REQUIRED`` when every model object must have it."""

    __slots__ = _fields = ("name", "kind", "absent")
    name: str
    kind: str  # "attr" | "method" | "iter"
    absent: object

    def __init__(self, name: str, kind: str = "attr", absent: object = REQUIRED) -> None:
        self._set(name=name, kind=kind, absent=absent)

    @property
    def required(self) -> bool:
        return self.absent == REQUIRED


class IntrinsicDef(Frozen):
    """One built-in.  Identity is what matters: tables and rules are keyed by the object itself.

    Immutable, equal only to itself (it was a ``@dataclass(frozen=True, eq=False)``; written by hand, as
    dataclasses compiled its methods from source at every compile's start-up)."""

    __slots__ = _fields = (
        "key",
        "family",
        "form",
        "result",
        "modes",
        "doc",
        "model",
        "fresh",
        "rcu",
        "sleeps",
        "public",
    )
    key: str  # how policies spell it ("memcg.usage"); also shown in HIR dumps and errors
    family: Family
    form: Form
    result: Type | Result
    modes: frozenset[str]
    doc: str
    model: ModelAccess | None
    #: the result is a new MemCgroup reference that the variable it is stored in owns (never copied)
    fresh: bool
    #: an iterator whose body runs inside an RCU read section (cgroup walks)
    rcu: bool
    #: may sleep: the kernel refuses it inside an RCU section (kills)
    sleeps: bool
    #: documented for users in docs/policies.md (hidden helpers and generic kernel access are not)
    public: bool

    __eq__ = object.__eq__
    __hash__ = object.__hash__

    def __init__(
        self,
        key: str,
        family: Family,
        form: Form,
        result: Type | Result,
        modes: frozenset[str],
        doc: str = "",
        model: ModelAccess | None = None,
        fresh: bool = False,
        rcu: bool = False,
        sleeps: bool = False,
        public: bool = True,
    ) -> None:
        _set = object.__setattr__
        _set(self, "key", key)
        _set(self, "family", family)
        _set(self, "form", form)
        _set(self, "result", result)
        _set(self, "modes", modes)
        _set(self, "doc", doc)
        _set(self, "model", model)
        _set(self, "fresh", fresh)
        _set(self, "rcu", rcu)
        _set(self, "sleeps", sleeps)
        _set(self, "public", public)

    def __repr__(self) -> str:
        return f"<intrinsic {self.key}>"

    def __str__(self) -> str:
        return self.key


def _def(
    key: str,
    family: Family,
    form: Form,
    result: Type | Result,
    modes: frozenset[str],
    doc: str,
    *,
    model: ModelAccess | None = None,
    fresh: bool = False,
    rcu: bool = False,
    sleeps: bool = False,
    public: bool = True,
) -> IntrinsicDef:
    return IntrinsicDef(key, family, form, result, modes, doc, model, fresh, rcu, sleeps, public)


A, M, IT, C, H = Form.ATTRIBUTE, Form.METHOD, Form.ITERATOR, Form.CALL, Form.HIDDEN

# --------------------------------------------------------------------------------------------- OomControl

OC, MC, TK = Family.OOM_CONTROL, Family.MEMCG, Family.TASK

OC_MEMCG = _def(
    "oc.memcg", OC, A, Result.MEMCG, OOM_MODES, "the memory cgroup that is out of memory (the root for a global OOM)",
    model=ModelAccess("memcg"), fresh=True,
)  # fmt: skip
OC_ATTACH_CGROUP_ID = _def(
    "oc.attach_cgroup_id", OC, A, U64, OOM_MODES, "id of the cgroup this copy of the policy is attached to",
    model=ModelAccess("attach_cgroup_id"),
)  # fmt: skip
OC_ORDER = _def("oc.order", OC, A, I32, OOM_MODES, "allocation order (-1: sysrq)", model=ModelAccess("order"))
OC_GFP_MASK = _def("oc.gfp_mask", OC, A, U32, OOM_MODES, "allocation flags", model=ModelAccess("gfp_mask"))
OC_TOTALPAGES = _def(
    "oc.totalpages", OC, A, U64, OOM_MODES, "pages the OOM scope may use", model=ModelAccess("totalpages")
)
OC_VICTIM_EXITING = _def(
    "oc.victim_exiting", OC, A, BOOL, OOM_MODES, "an OOM victim of the scope is still exiting (wait, do not kill)",
    model=ModelAccess("victim_exiting"),
)  # fmt: skip
OC_KILL = _def(
    "oc.kill", OC, M, VERDICT, OOM_MODES, "kill a task; the verdict of the handler",
    model=ModelAccess("kill", "method"), sleeps=True,
)  # fmt: skip
OC_KILL_MEMCG = _def(
    "oc.kill_memcg", OC, M, VERDICT, OOM_MODES, "kill every process of a memory cgroup",
    model=ModelAccess("kill_memcg", "method"), sleeps=True,
)  # fmt: skip

OC_RECLAIM = _def(
    "oc.reclaim", OC, M, VERDICT, OOM_MODES, "reclaim BYTES from a memory cgroup (handled: that much was freed)",
    model=ModelAccess("reclaim", "method"), sleeps=True,
)  # fmt: skip
OC_DROP_FILES = _def(
    "oc.drop_files", OC, M, VERDICT, OOM_MODES, "delete files of a directory declared disposable (bridge mode)",
    model=ModelAccess("drop_files", "method"),
)  # fmt: skip
OC_FREEZE = _def(
    "oc.freeze", OC, M, VERDICT, OOM_MODES, "freeze a cgroup for a bounded time, then thaw or kill it (bridge mode)",
    model=ModelAccess("freeze", "method"),
)  # fmt: skip
OC_RELEASED = _def(
    "oc.released", OC, A, U64, OOM_MODES, "bytes earlier runs' release actions freed for this OOM (bridge mode)",
    model=ModelAccess("released", absent=0),
)  # fmt: skip

# --------------------------------------------------------------------------------------------- MemCgroup

MEMCG_COPY = _def(
    "memcg copy", MC, H, Result.MEMCG, MEMCG_MODES, "a new reference for a copied MemCgroup value", fresh=True,
    public=False,
)  # fmt: skip
MEMCG_ID = _def("memcg.id", MC, A, U64, MEMCG_MODES, "the cgroup id", model=ModelAccess("id"))
MEMCG_USAGE = _def("memcg.usage", MC, A, U64, MEMCG_MODES, "bytes charged (memory.current)", model=ModelAccess("usage"))
MEMCG_SWAP_USAGE = _def(
    "memcg.swap_usage", MC, A, U64, MEMCG_MODES, "bytes of swap charged to it and below (MEMCG_SWAP)",
    model=ModelAccess("swap_usage"),
)  # fmt: skip
MEMCG_IS_LEAF = _def("memcg.is_leaf", MC, A, BOOL, MEMCG_MODES, "it has no child cgroups", model=ModelAccess("is_leaf"))
MEMCG_PARENT = _def(
    "memcg.parent", MC, A, Result.MEMCG, MEMCG_MODES, "the parent memory cgroup (None at the root)",
    model=ModelAccess("parent", absent=None), fresh=True,
)  # fmt: skip
MEMCG_PAGE_STATE = _def(
    "memcg.page_state", MC, M, U64, MEMCG_MODES, "a page-state counter (node_stat_item / memcg_stat_item)",
    model=ModelAccess("page_state", "method"),
)  # fmt: skip
MEMCG_MEMORY_EVENTS = _def(
    "memcg.memory_events", MC, M, U64, MEMCG_MODES, "a memory event count (memcg_memory_event)",
    model=ModelAccess("memory_events", "method"),
)  # fmt: skip
MEMCG_VM_EVENTS = _def(
    "memcg.vm_events", MC, M, U64, MEMCG_MODES, "a VM event count (vm_event_item)",
    model=ModelAccess("vm_events", "method"),
)  # fmt: skip
MEMCG_NAME_IS = _def(
    "memcg.name_is", MC, M, BOOL, MEMCG_MODES, "its directory name is TEXT", model=ModelAccess("name_is", "method")
)
MEMCG_NAME_STARTSWITH = _def(
    "memcg.name_startswith", MC, M, BOOL, MEMCG_MODES, "its directory name starts with TEXT",
    model=ModelAccess("name_startswith", "method"),
)  # fmt: skip
MEMCG_XATTR_FLAG = _def(
    "memcg.xattr_flag", MC, M, BOOL, OOM_MODES,
    "its cgroup, owned by root, carries the user.* xattr NAME with the value 1 (as systemd sets its flags)",
    model=ModelAccess("xattr_flag", "method"),
)  # fmt: skip
MEMCG_DESCENDANTS = _def(
    "memcg.descendants", MC, IT, Result.MEMCG, MEMCG_MODES, "walk it and every cgroup below it (under RCU)",
    model=ModelAccess("descendants", "iter"), rcu=True,
)  # fmt: skip
MEMCG_TASKS = _def(
    "memcg.tasks", MC, IT, Result.FROM_RULE, MEMCG_MODES, "walk its processes", model=ModelAccess("tasks", "iter")
)
MEMCG_FROM_CGROUP_ID = _def(
    "MemCgroup.from_cgroup_id", MC, C, Result.MEMCG, frozenset({PSI}), "the memory cgroup of a cgroup id",
    fresh=True,
)  # fmt: skip

# --------------------------------------------------------------------------------------------- Task

TASK_OOM_SCORE_ADJ = _def(
    "task.oom_score_adj", TK, A, I16, ALL_MODES, "its oom_score_adj (-1000 … 1000)",
    model=ModelAccess("oom_score_adj"),
)  # fmt: skip
TASK_IS_OOM_VICTIM = _def(
    "task.is_oom_victim", TK, A, BOOL, ALL_MODES, "the kernel already chose it as an OOM victim",
    model=ModelAccess("is_oom_victim"),
)  # fmt: skip
TASK_RSS = _def("task.rss", TK, A, U64, ALL_MODES, "resident bytes", model=ModelAccess("rss", absent=0))
TASK_SWAP = _def("task.swap", TK, A, U64, ALL_MODES, "swapped-out bytes", model=ModelAccess("swap", absent=0))
TASK_MEMCG = _def(
    "task.memcg", TK, A, Result.MEMCG, ALL_MODES, "its memory cgroup", model=ModelAccess("memcg", absent=None),
    fresh=True,
)  # fmt: skip
TASK_COMM_IS = _def(
    "task.comm_is", TK, M, BOOL, ALL_MODES, "its name (task->comm) is TEXT", model=ModelAccess("comm_is", "method")
)
TASK_COMM_STARTSWITH = _def(
    "task.comm_startswith", TK, M, BOOL, ALL_MODES, "its name (task->comm) starts with TEXT",
    model=ModelAccess("comm_startswith", "method"),
)  # fmt: skip

# --------------------------------------------------------------------------------------------- PSI

PSI_CREATE_TRIGGER = _def(
    "psi.create_trigger", Family.PSI, M, I32, frozenset({PSI}), "watch a cgroup's pressure (init only)"
)
PSI_DECLARE_OOM = _def("declare_oom", Family.PSI, C, I32, frozenset({PSI}), "declare an OOM in a memory cgroup")
PSI_TRIGGER_CGROUP_ID = _def(
    "trigger.cgroup_id", Family.PSI, A, U64, frozenset({PSI}), "the cgroup whose trigger fired (v3: pyoombpf's record)"
)

# --------------------------------------------------------------------------------------------- kernel, maps

K, MP = Family.KERNEL, Family.MAP
FIELD = _def("member read", K, A, Result.FROM_RULE, ALL_MODES, "a BTF member (task.pid)", public=False)
ARRAY_INDEX = _def("array index", K, A, Result.FROM_RULE, ALL_MODES, "an element of a kernel array", public=False)
KFUNC = _def("kfunc call", K, C, Result.FROM_RULE, ALL_MODES, "kfuncs.NAME(...)", public=False)
KSYM_EXISTS = _def("available", K, C, BOOL, ALL_MODES, "available(kfuncs.NAME)", public=False)
NOW_NS = _def(
    "now_ns", K, C, U64, ALL_MODES,
    "CLOCK_MONOTONIC nanoseconds since boot, the clock of task.start_time (bpf_ktime_get_ns)",
)  # fmt: skip
MAP_GET = _def("map get", MP, M, Result.FROM_RULE, ALL_MODES, "m.get(key, default) / array[i]", public=False)
MAP_CONTAINS = _def("map contains", MP, M, BOOL, ALL_MODES, "key in m", public=False)
MAP_SET = _def("map set", MP, M, Result.FROM_RULE, ALL_MODES, "m[key] = value", public=False)
MAP_DELETE = _def("map delete", MP, M, Result.FROM_RULE, ALL_MODES, "del m[key]", public=False)
MAP_AUG = _def("map update", MP, M, Result.FROM_RULE, ALL_MODES, "m[key] op= value", public=False)
MAP_CURRENT = _def("map current", MP, H, Result.FROM_RULE, ALL_MODES, "the entry's value in m[key] op= v", public=False)
RINGBUF_OUTPUT = _def("ringbuf output", MP, M, Result.FROM_RULE, ALL_MODES, "rb.output(value)", public=False)
CONFIG_READ = _def("config read", Family.CONFIG, A, Result.FROM_RULE, ALL_MODES, "a config value", public=False)
RECORD_NEW = _def("record new", Family.RECORD, C, Result.FROM_RULE, ALL_MODES, "Rec(field=…)", public=False)
RECORD_FIELD = _def("record field", Family.RECORD, A, Result.FROM_RULE, ALL_MODES, "rec.field", public=False)

#: every built-in, in one list (the order of docs/policies.md's table)
ALL: tuple[IntrinsicDef, ...] = tuple(v for v in list(globals().values()) if isinstance(v, IntrinsicDef))


def by_family(family: Family, form: Form | None = None) -> dict[str, IntrinsicDef]:
    """The public built-ins of ``family`` (of ``form``), by the name a policy writes after the dot."""
    out = {}
    for op in ALL:
        if op.family is family and op.public and (form is None or op.form is form):
            out[op.key.rpartition(".")[2]] = op
    return out


# --------------------------------------------------------------------------------------------- tables

Impl = TypeVar("Impl")


class Refusal(Frozen):
    """Why a target does not implement a built-in (raised as a :class:`NotSupportedError`)."""

    __slots__ = _fields = ("feature", "requirement", "hint")
    feature: str
    requirement: str
    hint: str

    def __init__(self, feature: str, requirement: str, hint: str = "") -> None:
        self._set(feature=feature, requirement=requirement, hint=hint)

    def error(self) -> NotSupportedError:
        return NotSupportedError(self.feature, self.requirement, self.hint)


class MissingImplementation(LookupError):
    """A target has neither an implementation nor a refusal for a built-in: a pyoombpf bug (the table test
    catches it first)."""


class Table(Plain, Generic[Impl]):
    """One target's implementations, keyed by descriptor.  ``modes``: the compile modes the target serves; a
    built-in of none of them is refused with a reason derived from its descriptor.  Equal to a table with the
    same fields (the implementations and refusals too); ``repr`` shows the target and modes."""

    __slots__ = _fields = ("target", "modes", "_impls", "_refused")
    target: str
    modes: frozenset[str]
    _impls: dict[IntrinsicDef, Impl]
    _refused: dict[IntrinsicDef, Refusal]

    def __init__(
        self,
        target: str,
        modes: frozenset[str],
        _impls: dict[IntrinsicDef, Impl] | None = None,
        _refused: dict[IntrinsicDef, Refusal] | None = None,
    ) -> None:
        self.target = target
        self.modes = modes
        self._impls = {} if _impls is None else _impls
        self._refused = {} if _refused is None else _refused

    def __repr__(self) -> str:
        return f"{type(self).__qualname__}(target={self.target!r}, modes={self.modes!r})"

    def add(self, op: IntrinsicDef, impl: Impl) -> None:
        if op in self._impls or op in self._refused:
            raise ValueError(f"{self.target}: {op.key} is implemented twice")
        self._impls[op] = impl

    def add_all(self, impls: dict[IntrinsicDef, Impl]) -> None:
        for op, impl in impls.items():
            self.add(op, impl)

    def refuse(self, op: IntrinsicDef, requirement: str, hint: str = "") -> None:
        if op in self._impls or op in self._refused:
            raise ValueError(f"{self.target}: {op.key} is implemented twice")
        self._refused[op] = Refusal(f"{op.key} in {self.target} programs", requirement, hint)

    def take(self, other: Table[Impl], ops: Iterable[IntrinsicDef]) -> None:
        """Share ``other``'s implementations of ``ops`` (listed one by one: nothing is inherited silently)."""
        for op in ops:
            self.add(op, other._impls[op])

    def __contains__(self, op: object) -> bool:
        """Whether the table implements ``op`` (not: refuses it)."""
        return op in self._impls

    def status(self, op: IntrinsicDef) -> Impl | Refusal | None:
        """The implementation, the refusal, or None (neither: a missing entry)."""
        if op in self._impls:
            return self._impls[op]
        if op in self._refused:
            return self._refused[op]
        if not (op.modes & self.modes):
            where = ", ".join(sorted(op.modes))
            return Refusal(f"{op.key} in {self.target} programs", f"it exists only in {where} programs")
        return None

    def lookup(self, op: IntrinsicDef) -> Impl:
        found = self.status(op)
        if isinstance(found, Refusal):
            raise found.error()
        if found is None:
            raise MissingImplementation(f"{self.target} has no implementation of {op.key}")
        return found
