"""The compile pipeline: source → typed HIR → LLVM IR → BPF ELF, one stage per module.

``compile(fn)`` is the public entry point.  Every stage raises located :class:`~pyoombpf.errors.CompileError`s;
anything else escaping a stage is a pyoombpf bug and is reported as an internal error at the function's ``def``
(set ``PYOOMBPF_DEBUG=1`` to get the raw traceback instead).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import FunctionType
from typing import TYPE_CHECKING, Any

from pyoombpf import progress
from pyoombpf.btf.errors import BtfError
from pyoombpf.errors import BackendError, CompileError, Loc, PyoombpfError
from pyoombpf.frontend.builder import ProgramBuilder
from pyoombpf.hir import nodes as H
from pyoombpf.names import check_name, user_loc
from pyoombpf.objspec import ObjectSpec
from pyoombpf.plain import Plain

if TYPE_CHECKING:
    from pyoombpf.modes import Job


class CompiledObject(Plain):
    """What :func:`compile` returns: the loadable object (:attr:`spec`, an :class:`~pyoombpf.objspec.ObjectSpec`:
    the ELF, its programs and maps, the kernel it was compiled against) and what only the compiler knows about it
    — the typed HIR, the LLVM IR as generated and optimised, the assembly, the Python twin."""

    _fields = ("spec", "ir", "optimized_ir", "program", "_emitted", "_python")

    def __init__(
        self, spec: ObjectSpec, ir: str, optimized_ir: str, program: H.Program, _emitted: Any, _python: Any = None
    ) -> None:
        self.spec = spec
        self.ir = ir
        self.optimized_ir = optimized_ir
        self.program = program
        self._emitted = _emitted
        self._python = _python

    def __repr__(self) -> str:
        return f"CompiledObject(spec={self.spec!r}, ir=<{len(self.ir)} chars>, program={self.program!r})"

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def elf(self) -> bytes:
        return self.spec.elf

    @property
    def kind(self) -> str:
        """The mode: ``syscall``, ``struct_ops``, ``bridge`` or ``psi``."""
        return self.spec.mode

    @property
    def abi(self) -> str:
        """struct_ops and PSI policies: the BPF OOM / PSI ABI version compiled for."""
        return self.spec.abi

    @property
    def symbol(self) -> str:
        """Policies: the struct_ops map's (bridge: the program's) symbol."""
        return self.spec.symbol

    @property
    def kill_reasons(self) -> list[str]:
        """Bridge only: the reason of each kill site, indexed by ``KillRecord.reason`` (pyoombpf/bridge/abi.py)."""
        return self.spec.kill_reasons

    @property
    def releases(self) -> list[list[Any]]:
        """Bridge only: each release-action call site ``[kind, tag, seconds, then]``, indexed by
        ``ActionRecord.site`` (pyoombpf/bridge/abi.py)."""
        return self.spec.releases

    @property
    def asm(self) -> str:
        """BPF assembly of the programs, with the Python source lines they came from as comments."""
        from pyoombpf.codegen.asm import readable

        return readable(self._emitted.asm)

    @property
    def raw_asm(self) -> str:
        """LLVM's full assembly output, debug sections included."""
        return self._emitted.asm

    @property
    def disassembly(self) -> str:
        return self.asm

    @property
    def insn_count(self) -> int:
        """Instruction slots in the program sections (a 64-bit immediate load counts as two)."""
        from pyoombpf.elf import insn_count

        return insn_count(self.elf)

    def python(self, env: Any = None) -> Callable[..., Any]:
        """The same program as a Python callable with the language's exact semantics.  ``env`` (a
        :class:`pyoombpf.pyexec.rules.PyEnv`) holds the maps, config values and kernel model it runs against;
        by default a fresh, empty one per call."""
        from pyoombpf import modes

        refusal = modes.get(self.kind).python
        if refusal is not None:
            raise refusal.error()
        if self._python is None:
            from pyoombpf.pyexec.emit import PyProgram

            progress.reset()
            try:
                self._python = PyProgram(self.program)
            except RecursionError:
                raise _too_deep(self.program.entry) from None
        prog = self._python

        def call(*args: Any) -> Any:
            from pyoombpf.pyexec.rules import PyEnv

            return prog.call(env if env is not None else PyEnv(), *args)

        return call

    def map_codecs(self, name: str) -> tuple[Any, Any]:
        """(key codec, value codec) of the program's map ``name``, from its declaration."""
        return self.spec.map_codecs(name)

    def write(self, path: str) -> None:
        with open(path, "wb") as f:
            f.write(self.elf)


def build_hir(fn: FunctionType) -> H.Program:
    return ProgramBuilder().build(fn)


def compile(  # noqa: A001
    fn: Any,
    *,
    name: str | None = None,
    abi: str | None = None,
    mode: str = "struct_ops",
    isolate: bool | None = None,
    cache: bool | None = None,
) -> CompiledObject:
    """Compile a function of the language into a BPF object.

    * An ``@oom_handler`` policy becomes a ``bpf_oom_ops`` struct_ops object (``abi``: ``v3`` default), or with
      ``mode="bridge"`` one ``SEC("syscall")`` program for bridge mode (see ``pyoombpf/bridge/abi.py``).
    * A ``@psi_policy`` class becomes the programs of the kernel's BPF PSI interface (``abi``: ``v3`` default).
    * Any other function becomes a ``SEC("syscall")`` program (named after the function) that reads the
      function's integer arguments from a context of 64-bit slots and writes the result after them — what
      :func:`pyoombpf.testing.kernel_call` runs.

    The compile is the flat list of ``STEPS``, each asking the mode (``pyoombpf/modes/``) what to do.  Every
    problem with the input is a :class:`~pyoombpf.errors.CompileError` located in the user's file; the call never
    ends the calling process (docs/design.md).  ``isolate=True`` (or ``PYOOMBPF_ISOLATE=1``) runs LLVM's
    optimiser and BPF backend in a child process for every compile, not only for modules outside the envelope
    the backend is known to compile.  ``cache=True`` (or ``PYOOMBPF_OBJECT_CACHE=1``) takes the object from the
    object cache when the same typed program was compiled before: the frontend runs, the lowering and LLVM do not
    (:mod:`pyoombpf.codegen.cache`; a hit is indistinguishable from a fresh compile).
    """
    from pyoombpf import modes
    from pyoombpf.modes.syscall import MAX_PROGRAM_NAME

    policy = _policy_spec(fn)
    if mode not in modes.POLICY_MODES:
        raise ValueError(f"mode must be 'struct_ops' or 'bridge', not {mode!r}")
    if name is not None:
        check_name(name, "the program name", MAX_PROGRAM_NAME)
    chosen = modes.select(fn, policy, mode)
    job = modes.Job(fn, chosen, policy, name=policy.name if policy is not None else name or "", abi=abi or "")
    return _guarded(fn, _Settings(isolate, cache), lambda: _run(job))


def _policy_spec(fn: Any) -> Any:
    try:
        return getattr(fn, "__pyoombpf_policy__", None)
    except Exception:  # noqa: BLE001 - an object whose attribute lookup fails is not a policy
        return None


class _Settings:
    """How the compile in progress runs (read by _emit)."""

    def __init__(self, isolate: bool | None = None, cache: bool | None = None) -> None:
        self.isolate = isolate
        self.cache = cache


_settings: ContextVar[_Settings | None] = ContextVar("pyoombpf_compile_settings", default=None)
#: ``pyoombpf compile``'s preparations (:class:`pyoombpf.codegen.warm.Command`), while it compiles
_command: ContextVar[Any] = ContextVar("pyoombpf_command", default=None)


@contextmanager
def for_command(command: Any) -> Iterator[None]:
    """Compiles in this block use ``command`` (a :class:`pyoombpf.codegen.warm.Command`: LLVM already being made
    ready in a child process, and the source's hint in the object cache)."""
    token = _command.set(command)
    try:
        yield
    finally:
        _command.reset(token)


def _remember(key: str) -> None:
    command = _command.get()
    if command is not None:
        command.remember(key)


def _run(job: Job) -> CompiledObject:
    for _name, step in STEPS:
        step(job)
    result: CompiledObject = job.result
    return result


def _frontend(job: Job) -> None:
    """Source → typed HIR, with the mode's checks (a handler's or a callback's signature, integer arguments)."""
    job.mode.frontend(job)


def _dump_hir(job: Job) -> None:
    assert job.program is not None
    program = job.program
    _dump("HIR", lambda: _hir_text(program))


def _cached(job: Job) -> None:
    """Key the compile on what the lowering reads — the typed program's canonical text (its locations
    included), the source files they name, the mode's inputs, the kernel description, the compiler — and, on a
    hit in the object cache, take the whole object from it: lowering and LLVM do not run."""
    settings = _settings.get() or _Settings()
    isolate = settings.isolate
    if isolate is None:
        isolate = os.environ.get("PYOOMBPF_ISOLATE", "") not in ("", "0")
    job.cache = _CacheUse(isolate)
    from pyoombpf.codegen import cache

    if not cache.enabled(settings.cache):
        return
    job.cache.store = store = cache.get_cache()
    if store is None:
        return
    job.cache.kernel = _kernel_text(job.mode.types(job))
    canonical = _canonical(job)
    if canonical is None:
        return  # keyed on its IR once lowered (pyoombpf/codegen/cache.py)
    text, job.cache.files = canonical
    job.cache.key = key = cache.program_key(
        text, job.cache.files, kernel=job.cache.kernel, opt_level=2, isolate=isolate
    )
    hit = store.get(key) if key is not None else None
    if hit is None or hit.lowered is None:
        return
    assert key is not None
    _remember(key)
    low = hit.lowered
    job.ir, job.symbol = low.ir, low.symbol
    job.kill_reasons[:], job.releases[:] = low.kill_reasons, low.releases
    job.emitted = hit.emitted


class _CacheUse:
    """How the compile in progress uses the object cache (``store``: None when it does not)."""

    def __init__(self, isolate: bool) -> None:
        self.isolate = isolate
        self.store: Any = None
        self.kernel = ""
        #: the key taken before lowering, and the source files the typed program names (None: keyed on the IR)
        self.key: str | None = None
        self.files: list[str] = []


def _canonical(job: Job) -> tuple[str, list[str]] | None:
    """The typed program's canonical text with the mode's inputs to the lowering, and the files it names; None
    when the program holds something the text cannot stand for (:mod:`pyoombpf.hir.canonical`)."""
    from pyoombpf.hir.canonical import NotCanonical, program_text

    assert job.program is not None
    try:
        return program_text(
            job.program,
            mode=job.mode.name,
            name=job.name,
            abi=job.abi,
            callbacks=job.callbacks,
            experimental=bool(getattr(job.policy, "experimental", False)),
        )
    except (NotCanonical, RecursionError):
        return None


def _module(job: Job) -> None:
    """The LLVM module with the mode's lowering target; the names of the program's maps and config values are
    claimed before any function is declared."""
    assert job.program is not None
    if job.emitted is not None:
        return  # served from the object cache
    job.ml = job.mode.module(job)
    job.ml.reserve_globals(job.program)


def _entry(job: Job) -> None:
    """The mode's entry programs (the policy's functions are lowered when the module is finished)."""
    if job.emitted is not None:
        return
    job.mode.entry(job)


def _emit(job: Job) -> None:
    """Finish the module, optimise and emit it (every stage dumpable: ``PYOOMBPF_DUMP_*``), or take LLVM's output
    from the object cache.  What LLVM's BPF backend would refuse, or failed on in a child process, becomes a
    located error here."""
    if job.emitted is not None:  # served from the object cache
        _dump("IR", lambda: job.ir)
        _dump("OPT_IR", lambda: job.emitted.optimized_ir)
        return
    from pyoombpf.lowering.limits import check_stack

    assert job.program is not None
    ml = job.ml
    job.ir = ir_text = ml.finish()
    _dump("IR", lambda: ir_text)
    use: _CacheUse = job.cache
    store, key, lowered = _store_key(job, ir_text)
    hit = store.get(key) if store is not None and key is not None and lowered is None else None
    emitted = hit.emitted if hit is not None else _emit_fresh(job, ir_text, use.isolate)
    check_stack(ml, emitted.stack)
    if hit is None and store is not None and key is not None:
        if store.put(key, emitted, lowered):
            _remember(key)
    elif hit is not None and key is not None:
        _remember(key)
    job.emitted = emitted
    _dump("OPT_IR", lambda: emitted.optimized_ir)


def _store_key(job: Job, ir_text: str) -> tuple[Any, str | None, Any]:
    """Where LLVM's output goes in the object cache: (the cache, the key, what the lowering made — None for a
    key taken on the IR).  The key taken before lowering is used only when the IR's debug information names no
    file the typed program did not (LLVM reads the lines it copies from them); otherwise the IR is the key."""
    from pyoombpf.codegen import cache

    use: _CacheUse = job.cache
    if use.store is None:
        return None, None, None
    if use.key is not None and set(cache.source_files(ir_text)) <= set(use.files):
        lowered = cache.Lowered(ir_text, job.symbol, list(job.kill_reasons), [list(r) for r in job.releases])
        return use.store, use.key, lowered
    return use.store, cache.key(ir_text, kernel=use.kernel, opt_level=2, isolate=use.isolate), None


def _kernel_text(types: Any) -> str:
    """The kernel description ``types`` stands for, as text (the object cache's key has it)."""
    from pyoombpf.objspec import KernelFingerprint

    if types is None:
        return "none"
    return repr(sorted(KernelFingerprint.of(types).to_dict().items()))


def _emit_fresh(job: Job, ir_text: str, isolate: bool) -> Any:
    """LLVM's object of ``ir_text``: from the child process ``pyoombpf compile`` started early
    (:mod:`pyoombpf.codegen.warm`), else made here."""
    from pyoombpf.codegen.checks import BackendRefusal
    from pyoombpf.lowering.limits import explain_refusal

    assert job.program is not None
    command = _command.get()
    backend = command.take_backend() if command is not None and not isolate else None
    try:
        emitted = backend.emit(ir_text) if backend is not None else None
        if emitted is not None:
            return emitted
        from pyoombpf.codegen.emit import emit_object

        return emit_object(ir_text, isolate=isolate)
    except BackendRefusal as e:
        raise explain_refusal(job.ml, e.refusals[0]) from None
    except Exception as e:
        from pyoombpf.codegen.isolated import BackendFailure

        if isinstance(e, BackendFailure):
            raise _backend_error(job.ml, job.program, e) from None
        raise
    finally:
        if backend is not None:
            backend.close(wait=False)  # an exiting child is reaped at the command's end


def _spec(job: Job) -> None:
    """The object as plain data, recorded in the ELF itself (``.debug_pyoombpf.spec``): programs, maps, kill
    reasons, the module's constants, the kernel description compiled against."""
    from pyoombpf import objspec
    from pyoombpf.elf import add_section, programs

    assert job.program is not None
    elf = job.emitted.elf
    types = job.mode.types(job)
    spec = ObjectSpec(
        job.name,
        job.mode.name,
        b"",
        symbol=job.symbol,
        abi=job.abi,
        programs=tuple(objspec.ProgramSpec(n, sec) for n, sec in programs(elf)),
        maps=objspec.describe_maps(job.program),
        kill_reasons=list(job.kill_reasons),
        releases=[list(r) for r in job.releases],
        constants=objspec.constants(job.namespace),
        kernel=objspec.KernelFingerprint.of(types) if types is not None else None,
        kernel_bound=job.mode.kernel_bound,
    )
    spec.elf = add_section(elf, objspec.SPEC_SECTION, spec.note())
    job.spec = spec


def _result(job: Job) -> None:
    assert job.program is not None
    job.result = obj = CompiledObject(job.spec, job.ir, job.emitted.optimized_ir, job.program, job.emitted)
    _dump("ASM", lambda: obj.asm)


#: the compile, in order (libbpf-style: one flat chain of named steps)
STEPS: tuple[tuple[str, Callable[[Job], None]], ...] = (
    ("frontend", _frontend),
    ("dump HIR", _dump_hir),
    ("object cache", _cached),
    ("module", _module),
    ("entry", _entry),
    ("emit", _emit),
    ("spec", _spec),
    ("result", _result),
)


def _backend_error(ml: Any, program: H.Program, failure: Any) -> BackendError:
    """LLVM's fatal diagnostic from the child process, at the Python function (and line) it concerns."""
    func = ml.owners.get(failure.function) if failure.function else None
    func = func or program.entry
    loc = func.loc
    if failure.where is not None and loc is not None:
        file, line, col = failure.where
        if os.path.basename(loc.filename) == file:
            loc = Loc(loc.filename, line, col)
    return BackendError(
        f"LLVM's BPF backend cannot compile {func.name}(): {failure.message}",
        loc,
        (
            "pyoombpf compiled this module in a child process because it is outside what the backend is known "
            "to compile; please report it with this function's source",
        ),
        llvm_message=failure.message,
    )


def _guarded(fn: Any, settings: _Settings, work: Callable[[], CompiledObject]) -> CompiledObject:
    """Run a compile; whatever escapes it is a located :class:`CompileError` (raw only with PYOOMBPF_DEBUG)."""
    token = _settings.set(settings)
    progress.reset()
    try:
        return work()
    except CompileError as e:
        if os.environ.get("PYOOMBPF_DEBUG"):
            raise
        if e.loc is None:
            e.loc = _def_loc(fn)
        # the user's frame, not the compiler's internals (PYOOMBPF_DEBUG=1 keeps them)
        raise e.with_traceback(None) from None
    except BtfError as e:  # a kernel type the compiler itself needed (not one the source named) is missing
        if os.environ.get("PYOOMBPF_DEBUG"):
            raise
        loc, _ = progress.where()
        raise CompileError(
            f"this program needs a kernel type the kernel description lacks: {e}",
            loc or _def_loc(fn),
            ("compile on (or for) a kernel with BTF that has it, or avoid the construct at this line",),
        ) from None
    except PyoombpfError:
        raise
    except RecursionError:
        if os.environ.get("PYOOMBPF_DEBUG"):
            raise
        raise _too_deep(fn) from None
    except Exception as exc:
        if os.environ.get("PYOOMBPF_DEBUG"):
            raise
        raise CompileError(
            f"internal compiler error ({type(exc).__name__}: {_exception_text(exc)})",
            _def_loc(fn),
            (
                "this is a pyoombpf bug; please report it with this function's source",
                "set PYOOMBPF_DEBUG=1 to see the internal traceback",
            ),
        ) from None
    finally:
        _settings.reset(token)


def _too_deep(fn: Any) -> CompileError:
    """Python's recursion limit was reached: the error is at the statement the stage was working on."""
    loc, note = progress.where()
    if note:  # a chain of calls
        hint = f"pyoombpf follows chains of about {CALL_CHAIN_HINT} calls: call fewer functions from one another"
    else:
        hint = (
            f"pyoombpf compiles expressions and if/elif chains nested up to about {NESTING_HINT} levels: split the "
            "expression over several statements"
        )
    return CompileError("nesting too deep to compile", loc or _def_loc(fn), (*((note,) if note else ()), hint))


#: roughly how deep the stages nest before Python's recursion limit (measured from a shallow caller; a caller
#: already deep in its own calls leaves less)
NESTING_HINT = 300
CALL_CHAIN_HINT = 90


def _def_loc(fn: Any) -> Loc | None:
    """The ``def`` line of ``fn`` (of the function a decorator or method wraps), else the caller's line."""
    from pyoombpf.frontend.source import function_source

    if isinstance(fn, H.Function):
        return fn.loc
    target = getattr(fn, "__func__", None) or getattr(fn, "func", None) or fn
    try:
        import inspect

        target = inspect.unwrap(target)
        sf, node = function_source(target)
        return sf.loc(node)
    except Exception:  # noqa: BLE001 - best effort location for an error
        return user_loc()


def _exception_text(exc: BaseException) -> str:
    try:
        text = str(exc)
    except Exception:  # noqa: BLE001 - an exception whose str() fails (e.g. a huge int in it)
        return "(its message cannot be shown)"
    return text if len(text) <= 300 else text[:297] + "..."


def _dump(stage: str, text: Callable[[], str]) -> None:
    if os.environ.get(f"PYOOMBPF_DUMP_{stage}"):
        print(f";; ---- pyoombpf {stage} ----\n{text()}", file=sys.stderr)


def _hir_text(program: H.Program) -> str:
    """The HIR as Python (built-ins the Python execution lacks, PSI ones, as ``__builtin__(...)`` calls)."""
    from pyoombpf.pyexec.emit import PyEmitter

    em = PyEmitter(program, dump=True)
    text = em.emit()
    if em.refused:
        names = ", ".join(sorted(op.key for op in em.refused))
        text = f"# ({names}: not printable as Python, shown as __builtin__(...); see PYOOMBPF_DUMP_IR)\n{text}"
    return text
