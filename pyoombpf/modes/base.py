"""What a compile mode is: one object per mode (``modes/{syscall,struct_ops,bridge,psi}.py``), and the state one
compile carries through its steps.

A mode says which functions it compiles (plain functions, ``@oom_handler`` policies, ``@psi_policy`` classes),
how it types and checks them (:meth:`Mode.frontend`), how the typed program becomes an object — its lowering
target (the representation of policy values and the table of built-ins, :meth:`Mode.module`) and its entry
programs (:meth:`Mode.entry`) —, whether the object runs as Python, whether it is bound to the kernel it was compiled
against, and what loads and runs it (:meth:`Mode.runner`).  ``pyoombpf.compiler.compile`` is a flat list of steps
that ask the mode.  Adding a mode is one file and a line in ``pyoombpf/modes/__init__.py``.

Mode names are the same in every layer: ``compile(mode=…)``, ``CompiledObject.kind``, ``ObjectSpec.mode``, the
frontend's ``ProgramBuilder.mode`` and the built-ins' ``modes`` (:mod:`pyoombpf.hir.intrinsics`).
"""

from __future__ import annotations

from typing import Any

from pyoombpf.hir import nodes as H
from pyoombpf.hir.intrinsics import Refusal


class Job:
    """One compile in progress: its inputs, and what each step leaves for the next."""

    def __init__(self, fn: Any, mode: Mode, policy: Any = None, name: str = "", abi: str = "") -> None:
        self.fn = fn  # the function, or a @psi_policy class
        self.mode = mode
        #: the ``@oom_handler``/``@psi_policy`` spec (None for plain functions)
        self.policy = policy
        #: ``compile(name=...)`` for plain functions; a policy's name otherwise
        self.name = name
        #: the BPF OOM / PSI ABI version compiled for ("" for plain functions)
        self.abi = abi
        #: the policy module's globals (its integer constants go into the object's spec)
        self.namespace: dict[str, Any] = {}
        self.builder: Any = None
        self.program: H.Program | None = None
        #: PSI: the typed callbacks by method name
        self.callbacks: dict[str, H.Function] = {}
        self.ml: Any = None
        self.symbol = ""
        #: bridge: the reason of each kill site (filled while the module's functions are lowered)
        self.kill_reasons: list[str] = []
        #: bridge: each release-action call site ``[kind, tag, seconds, then]`` (filled like ``kill_reasons``)
        self.releases: list[list[Any]] = []
        self.ir = ""
        #: the object cache and this compile's key in it (pyoombpf/codegen/cache.py; None when the cache is off)
        self.cache: Any = None
        self.emitted: Any = None
        self.spec: Any = None
        self.result: Any = None


class Mode:
    """A compile mode.  Subclasses set the attributes and implement the steps."""

    #: the mode's name, everywhere (``CompiledObject.kind``)
    name: str = ""
    #: which declarations it compiles: "oom" (``@oom_handler``), "psi" (``@psi_policy``) or None (plain functions)
    policy: str | None = None
    #: why the object cannot run as Python (None: it can, ``CompiledObject.python()``)
    python: Refusal | None = None
    #: the object folds in facts of the compiling kernel that CO-RE cannot relocate: loading it on another
    #: kernel is refused (pyoombpf.objspec)
    kernel_bound: bool = False

    def frontend(self, job: Job) -> None:
        """Type ``job.fn`` into ``job.program`` (and ``job.builder``), with the mode's checks."""
        raise NotImplementedError

    def types(self, job: Job) -> Any:
        """The kernel type source the lowering reads (``job.builder``'s; None when no kernel type was needed):
        the object's kernel description."""
        return job.builder.types

    def module(self, job: Job) -> Any:
        """The LLVM module ``job.program`` lowers into, with the mode's lowering target (the representation of
        policy values and the table of built-ins)."""
        raise NotImplementedError

    def entry(self, job: Job) -> None:
        """The mode's entry programs around ``job.program`` (sets ``job.symbol``)."""
        raise NotImplementedError

    def runner(self) -> Any:
        """The class that loads and runs objects of this mode."""
        raise NotImplementedError

    def python_refusal(self) -> Refusal | None:
        return self.python

    def __repr__(self) -> str:
        return f"<mode {self.name}>"
