"""Semantic types of OOM policies: the OOM context, verdicts, and owned memory-cgroup references.

* ``OomCtxType`` — the handler's argument: the ``oom_control`` and (struct_ops v3) the link it runs for.
* ``VerdictType`` — what a handler returns: ``PASS`` or the result of a kill.  There is no way to say "handled"
  without killing: the kernel only counts a real kill, and so does the language.
* ``MemcgType`` — a ``struct mem_cgroup *`` the program holds a reference on.  Every variable of this type owns
  its reference: assignment moves a fresh value in (or acquires a copy of another variable's), overwriting or
  leaving the function releases it.  The compiler inserts every acquire and release.
* ``TaskRefType`` — a task valid inside the loop that produced it (``for task in memcg.tasks()``).
* ``PsiType``, ``PsiEventType`` — a PSI policy's ``Psi`` and (v3) ``PsiTrigger``.

Their LLVM representation is the lowering's business (``lowering/types.py``).
"""

from __future__ import annotations

from pyoombpf.types.core import Type
from pyoombpf.types.kernel import KPtr

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pyoombpf.btf import types as B


class OomCtxType(Type):
    name = "OomControl"

    def __str__(self) -> str:
        return "OomControl"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OomCtxType)

    def __hash__(self) -> int:
        return hash("OomCtxType")


class VerdictType(Type):
    name = "Verdict"
    comparable = True
    has_truth = True  # `if verdict:`: did the handler kill?

    def __str__(self) -> str:
        return "Verdict"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, VerdictType)

    def __hash__(self) -> int:
        return hash("VerdictType")


class MemcgType(KPtr):
    """An owned reference to a memory cgroup (``MemCgroup`` in policies)."""

    __slots__ = ("owned",)
    _fields = ("struct", "embedded", "owned")
    owned: bool
    #: a function's MemCgroup locals are released when it returns, so one cannot be handed out (yet)
    returnable = False

    def __init__(self, struct: B.Struct, embedded: bool = False, owned: bool = True) -> None:
        self._set(struct=struct, embedded=embedded, owned=owned)

    def __repr__(self) -> str:
        return f"{type(self).__qualname__}(embedded={self.embedded!r}, owned={self.owned!r})"

    def __str__(self) -> str:
        return "MemCgroup"


class TaskRefType(KPtr):
    """A task from ``memcg.tasks()``: valid inside that loop only."""

    __slots__ = ()

    def __str__(self) -> str:
        return "Task"


#: the longest text ``memcg.name_is()``/``name_startswith()`` compare with (the name is copied to the BPF stack)
NAME_MAX_COMPARE = 63
#: the longest xattr name ``memcg.xattr_flag()`` reads (a read-only string global)
XATTR_NAME_LIMIT = 63


class PsiType(KPtr):
    """``init``'s ``struct bpf_psi *`` (``Psi`` in PSI policies): only passed back to ``create_trigger``.  Under
    BPF PSI v3 nothing is passed (the struct is a stand-in)."""

    __slots__ = ()

    def __str__(self) -> str:
        return "Psi"


class PsiEventType(Type):
    """BPF PSI v3: ``on_event``'s ``PsiTrigger``, a pointer to pyoombpf's record of the trigger that fired."""

    name = "PsiTrigger"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PsiEventType)

    def __hash__(self) -> int:
        return hash("PsiEventType")


OOM_CTX = OomCtxType()
VERDICT = VerdictType()
PSI_EVENT = PsiEventType()
