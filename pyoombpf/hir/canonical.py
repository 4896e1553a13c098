"""The canonical text of a typed program: everything the lowering reads of it, as one string.

Two programs with the same text lower to the same LLVM module, so the object cache keys a compile on this text
before lowering (:mod:`pyoombpf.codegen.cache`).  The text holds every node of every function in order with its
type and its location (file, line, column: the debug information carries them), every local variable by its
position in the function (a ``Var``'s identity is what tells two variables of one name apart), each call by the
callee's position in the program, the module-level objects the program uses (maps, config values, records and
their layouts) and the static data of every built-in use.  Kernel types stand for themselves by kind, name, BTF
id and origin: what their layout is comes from the kernel description, whose fingerprint the key holds as well.

Anything the text cannot stand for faithfully — an object of a class outside pyoombpf, a function, a module —
raises :class:`NotCanonical`; such a program is not keyed before lowering (the cache then keys it on its IR).
"""

from __future__ import annotations

import dataclasses
import enum
import os
from typing import Any

from pyoombpf.btf import types as B
from pyoombpf.errors import Loc
from pyoombpf.hir import nodes as H
from pyoombpf.hir.intrinsics import IntrinsicDef


class NotCanonical(Exception):
    """The program holds an object the canonical text cannot stand for."""


def program_text(program: H.Program, **context: Any) -> tuple[str, list[str]]:
    """The canonical text of ``program`` (and of ``context``: the mode's inputs to the lowering, by name), and
    the absolute paths of the source files its locations name, sorted."""
    w = _Writer(program)
    for name in sorted(context):
        w.out.append(f"\n{name}=")
        w.value(context[name])
    for kind, used in program.globals.items():
        w.out.append(f"\nglobals {kind!r}=")
        # maps and config values are keyed by their declaration's id(): the declarations themselves are in
        # the text (and what refers to one refers to the same)
        w.value(list(used.values()) if isinstance(used, dict) else used)
    for i, fn in enumerate(program.functions):
        w.out.append(f"\nfunction {i} ")
        w.function(fn)
    w.out.append("\nentry=")
    w.value(program.entry)
    w.out.append("\n")
    return "".join(w.out), sorted(w.files)


_FIELDS: dict[type, tuple[str, ...]] = {}


def _fields(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        if dataclasses.is_dataclass(cls):
            # a field neither given nor compared is a cache (``Struct._hash``: a hash of strings, which differs
            # from one process to the next)
            names = tuple(f.name for f in dataclasses.fields(cls) if f.init or f.compare)
        else:
            slots: list[str] = []
            for klass in reversed(cls.__mro__):
                declared = klass.__dict__.get("__slots__", ())
                slots += [declared] if isinstance(declared, str) else list(declared)
            names = tuple(s for s in slots if s not in ("__dict__", "__weakref__"))
        _FIELDS[cls] = names
    return names


def _ours(cls: type) -> bool:
    return cls.__module__ == "pyoombpf" or cls.__module__.startswith("pyoombpf.")


class _Writer:
    def __init__(self, program: H.Program) -> None:
        self.out: list[str] = []
        self.files: set[str] = set()
        self.functions = {id(fn): i for i, fn in enumerate(program.functions)}
        self.vars: dict[int, int] = {}
        self.seen: dict[int, int] = {}
        self.keep: list[Any] = []  # what ``seen`` refers to stays alive (ids are not reused)

    def function(self, fn: H.Function) -> None:
        self.vars = {}
        self.out.append(f"{fn.name!r} {fn.qualname!r} entry={fn.is_entry} file=")
        self.filename(fn.filename)
        self.out.append(" loc=")
        self.value(fn.loc)
        self.out.append(" returns=")
        self.value(fn.return_type)
        for label, part in (("params", fn.params), ("locals", fn.locals), ("body", fn.body)):
            self.out.append(f" {label}=")
            self.value(part)

    def filename(self, name: str) -> None:
        if name.startswith("<"):
            self.out.append(repr(name))
            return
        path = os.path.abspath(name)  # what the debug information records (lowering/debuginfo.py)
        self.files.add(path)
        self.out.append(repr((name, path)))

    def value(self, v: Any) -> None:  # noqa: C901 - one dispatch over the kinds of values a program holds
        out = self.out
        if v is None or isinstance(v, bool | int | float | str | bytes):
            out.append(repr(v))
        elif isinstance(v, H.Var):
            self.var(v)
        elif isinstance(v, H.Function):
            index = self.functions.get(id(v))
            if index is None:
                raise NotCanonical(f"a function outside the program ({v.qualname})")
            out.append(f"fn#{index}")
        elif isinstance(v, Loc):
            out.append("@")
            self.filename(v.filename)
            out.append(f":{v.lineno}:{v.col}:{v.end_lineno}:{v.end_col}")
        elif isinstance(v, IntrinsicDef):
            out.append(f"<{v.key}>")
        elif isinstance(v, list | tuple):
            out.append("[" if isinstance(v, list) else "(")
            for item in v:
                self.value(item)
                out.append(",")
            out.append("]" if isinstance(v, list) else ")")
        elif isinstance(v, dict):
            out.append("{")
            for k, item in v.items():
                self.value(k)
                out.append(":")
                self.value(item)
                out.append(",")
            out.append("}")
        elif isinstance(v, set | frozenset):
            out.append("set(" + ",".join(sorted(self.text(item) for item in v)) + ")")
        elif isinstance(v, enum.Enum):
            out.append(f"{type(v).__module__}.{type(v).__qualname__}.{v.name}={v.value!r}")
        elif isinstance(v, B.TypeRef):
            self.type_ref(v)
        elif isinstance(v, B.Type) and v.type_id is not None:
            name = getattr(v, "name", "")
            out.append(f"btf<{v.kind} {name!r} #{v.type_id} {v.origin}>")
        else:
            self.object(v)

    def text(self, v: Any) -> str:
        """``v``'s canonical text on its own (set elements are sorted by it)."""
        saved, self.out = self.out, []
        try:
            self.value(v)
            return "".join(self.out)
        finally:
            self.out = saved

    def var(self, v: H.Var) -> None:
        n = self.vars.get(id(v))
        if n is not None:
            self.out.append(f"v#{n}")
            return
        self.vars[id(v)] = n = len(self.vars)
        self.keep.append(v)
        self.out.append(f"v#{n}={v.name!r}:")
        self.value(v.type)
        self.value(v.loc)

    def type_ref(self, ref: B.TypeRef) -> None:
        if isinstance(ref, B.FixedRef):
            self.value(ref.type)
        elif isinstance(ref, B.IdRef):
            self.out.append(f"btf#{ref.type_id}")
        elif isinstance(ref, B.NamedRef):
            self.out.append(f"btf<{ref.kind} {ref.name!r}>")
        else:
            raise NotCanonical(f"a kernel type reference of class {type(ref).__name__}")

    def object(self, v: Any) -> None:
        """A pyoombpf object, field by field (once: a second mention refers to the first)."""
        ref = self.seen.get(id(v))
        if ref is not None:
            self.out.append(f"obj#{ref}")
            return
        if isinstance(v, type):
            self.cls(v)
            return
        cls = type(v)
        if not _ours(cls) or callable(v):
            raise NotCanonical(f"an object of class {cls.__module__}.{cls.__qualname__}")
        self.seen[id(v)] = ref = len(self.seen)
        self.keep.append(v)
        self.out.append(f"obj#{ref}={cls.__module__}.{cls.__qualname__}(")
        names = _fields(cls)
        state = getattr(v, "__dict__", None)
        if state is not None:
            names = names + tuple(sorted(k for k in state if k not in names))
        for name in names:
            try:
                item = getattr(v, name)
            except AttributeError:
                continue  # an unset slot
            self.out.append(f"{name}=")
            self.value(item)
            self.out.append(",")
        self.out.append(")")

    def cls(self, c: type) -> None:
        """A class: a ``@record`` by its layout, pyoombpf's own by name; a user's other classes cannot be
        described (their attributes are not in the text)."""
        record = c.__dict__.get("__pyoombpf_record__")
        if record is None and not _ours(c):
            raise NotCanonical(f"the class {c.__module__}.{c.__qualname__}")
        self.seen[id(c)] = ref = len(self.seen)
        self.keep.append(c)
        self.out.append(f"obj#{ref}=class {c.__module__}.{c.__qualname__}")
        if record is not None:
            self.out.append(" record ")
            self.value(record)
