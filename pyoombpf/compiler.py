"""The compile pipeline: source → typed HIR → LLVM IR → BPF ELF, one stage per module.

``compile(fn)`` is the public entry point.  Every stage raises located :class:`~pyoombpf.errors.CompileError`s;
anything else escaping a stage is a pyoombpf bug and is reported as an internal error at the function's ``def``
(set ``PYOOMBPF_DEBUG=1`` to get the raw traceback instead).
"""

from __future__ import annotations

import inspect
import os
import sys
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from types import FunctionType
from typing import Any

from pyoombpf import progress
from pyoombpf.btf.errors import BtfError
from pyoombpf.errors import BackendError, CompileError, Loc, NotSupportedError, PyoombpfError
from pyoombpf.frontend.builder import ProgramBuilder
from pyoombpf.frontend.source import not_a_function
from pyoombpf.hir import nodes as H
from pyoombpf.names import check_name, is_btf_identifier, user_loc
from pyoombpf.objspec import ObjectSpec


@dataclass
class CompiledObject:
    """What :func:`compile` returns: the loadable object (:attr:`spec`, an :class:`~pyoombpf.objspec.ObjectSpec`:
    the ELF, its programs and maps, the kernel it was compiled against) and what only the compiler knows about it
    — the typed HIR, the LLVM IR as generated and optimised, the assembly, the Python twin."""

    spec: ObjectSpec
    ir: str
    optimized_ir: str
    program: H.Program
    _emitted: Any = field(repr=False)
    _python: Any = field(default=None, repr=False)

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
        if self.kind == "psi":
            raise NotSupportedError(
                "running a PSI policy as Python",
                "the Python execution layer (pyoombpf.pyexec) has no model of PSI triggers yet",
                "test PSI policies in the test VM (tests/vm/test_psi_python_vm.py shows how)",
            )
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
) -> CompiledObject:
    """Compile a function of the language into a BPF object.

    * An ``@oom_handler`` policy becomes a ``bpf_oom_ops`` struct_ops object (``abi``: ``v3`` default), or with
      ``mode="bridge"`` one ``SEC("syscall")`` program for bridge mode (see ``pyoombpf/bridge/abi.py``).
    * Any other function becomes a ``SEC("syscall")`` program (named after the function) that reads the
      function's integer arguments from a context of 64-bit slots and writes the result after them — what
      :func:`pyoombpf.testing.kernel_call` runs.

    Every problem with the input is a :class:`~pyoombpf.errors.CompileError` located in the user's file; the
    call never ends the calling process (docs/design.md).  ``isolate=True`` (or ``PYOOMBPF_ISOLATE=1``) runs
    LLVM's optimiser and BPF backend in a child process for every compile, not only for modules outside the
    envelope the backend is known to compile.
    """
    spec = _policy_spec(fn)
    if mode not in ("struct_ops", "bridge"):
        raise ValueError(f"mode must be 'struct_ops' or 'bridge', not {mode!r}")
    if name is not None:
        check_name(name, "the program name", MAX_PROGRAM_NAME)
    settings = _Settings(isolate)
    if spec is not None and spec.kind == "psi":
        if mode == "bridge":
            raise NotSupportedError(
                "PSI policies in bridge mode",
                "a @psi_policy compiles only for the kernel's BPF PSI interfaces (v3: the psi_avgs_work tracepoint; "
                "v2: bpf_psi_ops)",
                "on stock kernels, run an @oom_handler policy in bridge mode with a PSI trigger instead",
            )
        return _guarded(fn, settings, lambda: _compile_psi(fn, spec, abi or spec.abi))
    if not isinstance(fn, FunctionType) or hasattr(fn, "__wrapped__"):
        err = not_a_function(fn)
        err.loc = err.loc or user_loc()
        raise err
    if spec is not None:
        if mode == "bridge":
            return _guarded(fn, settings, lambda: _compile_bridge(fn, spec))
        return _guarded(fn, settings, lambda: _compile_struct_ops(fn, spec, abi or spec.abi))
    if mode == "bridge":
        raise TypeError(
            f"{getattr(fn, '__name__', fn)!r} is not an @oom_handler policy: only policies have a bridge mode"
        )
    return _guarded(fn, settings, lambda: _compile_syscall(fn, name))


#: BPF object names (BPF_OBJ_NAME_LEN) hold 15 bytes; libbpf shortens longer program names to that, so only
#: the BTF name limit applies (KSYM_NAME_LEN)
MAX_PROGRAM_NAME = 127


def _policy_spec(fn: Any) -> Any:
    try:
        return getattr(fn, "__pyoombpf_policy__", None)
    except Exception:  # noqa: BLE001 - an object whose attribute lookup fails is not a policy
        return None


@dataclass
class _Settings:
    """How the compile in progress runs (read by _emit)."""

    isolate: bool | None = None


_settings: ContextVar[_Settings | None] = ContextVar("pyoombpf_compile_settings", default=None)


def _compile_struct_ops(fn: FunctionType, spec: Any, abi: str) -> CompiledObject:
    from pyoombpf.lowering.module import ModuleLowering

    builder, program = _handler_hir(fn, spec, abi)
    entry = program.entry
    ml = ModuleLowering(entry.filename, name=spec.name, types=builder.types)
    ml.reserve_globals(program)
    symbol = ml.policy.add_struct_ops(entry, spec.name)
    return _emit(ml, spec.name, program, "struct_ops", fn.__globals__, abi=abi, symbol=symbol)


def _compile_psi(cls: Any, spec: Any, abi: str) -> CompiledObject:
    """A ``@psi_policy`` class: every callback typed by one builder (so maps and helpers are shared), then the
    programs of BPF PSI ``abi``: v3, the tracepoint program and the ``init`` program (lowering/psi_v3.py); v2,
    one program per ``bpf_psi_ops`` member and the struct_ops value (lowering/psi.py)."""
    from pyoombpf.dsl.psi import PSI_ABIS
    from pyoombpf.frontend.psi_rules import check_callback, v3_lacks
    from pyoombpf.lowering import psi as psi_v2
    from pyoombpf.lowering import psi_v3
    from pyoombpf.lowering.module import ModuleLowering
    from pyoombpf.lowering.targets import psi_table

    if abi not in PSI_ABIS:
        raise NotSupportedError(
            f"BPF PSI ABI {abi!r}",
            "PSI policies compile to v3 (the psi_avgs_work tracepoint) or v2 (bpf_psi_ops)",
            "choose abi='v3' or abi='v2' (`--abi v3` / `--abi v2`)",
        )
    builder = ProgramBuilder(kind="psi", psi_abi=abi)
    funcs: dict[str, H.Function] = {}
    for method, fn in spec.methods.items():
        if abi == "v3" and (lacking := v3_lacks(method, fn)) is not None:
            raise lacking
        func = builder.function(fn, None)
        func.is_entry = True
        check_callback(method, func)
        funcs[method] = func
    program = H.Program(entry=funcs["init"], functions=list(builder.order), globals=builder.globals_used)
    _dump("HIR", lambda: _hir_text(program))
    ml = ModuleLowering(program.entry.filename, name=spec.name, types=builder.types, table=psi_table(abi))
    ml.reserve_globals(program)
    lowering = psi_v3 if abi == "v3" else psi_v2
    symbol = lowering.add_psi_programs(ml.policy, funcs, spec.name, program.globals.get("psi_states", set()))
    namespace = spec.methods["init"].__globals__
    return _emit(ml, spec.name, program, "psi", namespace, abi=abi, symbol=symbol)


def _compile_bridge(fn: FunctionType, spec: Any) -> CompiledObject:
    from pyoombpf.lowering.bridge import BridgePolicyLowering
    from pyoombpf.lowering.module import ModuleLowering
    from pyoombpf.lowering.targets import bridge_table

    builder, program = _handler_hir(fn, spec, spec.abi)
    entry = program.entry
    ml = ModuleLowering(
        entry.filename, name=spec.name, types=builder.types, policy_class=BridgePolicyLowering, table=bridge_table()
    )
    ml.reserve_globals(program)
    bridge = ml.policy
    assert isinstance(bridge, BridgePolicyLowering)
    symbol = bridge.add_entry(entry, spec.name)
    # the list fills while the module is finished (functions are lowered then): hand over the list itself
    return _emit(ml, spec.name, program, "bridge", fn.__globals__, symbol=symbol, kill_reasons=bridge.kill_reasons)


def _handler_hir(fn: FunctionType, spec: Any, abi: str) -> tuple[ProgramBuilder, H.Program]:
    """The typed HIR of an ``@oom_handler`` and its builder (the types it used), its signature checked."""
    builder = ProgramBuilder(abi=abi, kind=spec.kind)
    program = builder.build(fn)
    _check_handler(program.entry)
    _dump("HIR", lambda: _hir_text(program))
    return builder, program


def _emit(
    ml: Any, name: str, program: H.Program, kind: str, namespace: dict[str, Any], **fields: Any
) -> CompiledObject:
    """Finish the module, optimise and emit it: the object, with every stage dumpable (``PYOOMBPF_DUMP_*``).
    ``namespace``: the policy module's globals (its integer constants go into the spec).
    What LLVM's BPF backend would refuse, or failed on in a child process, becomes a located error here."""
    from pyoombpf.codegen.checks import BackendRefusal
    from pyoombpf.codegen.emit import emit_object
    from pyoombpf.codegen.isolated import BackendFailure
    from pyoombpf.lowering.limits import check_stack, explain_refusal

    ir_text = ml.finish()
    _dump("IR", lambda: ir_text)
    try:
        settings = _settings.get()
        emitted = emit_object(ir_text, isolate=settings.isolate if settings is not None else None)
    except BackendRefusal as e:
        raise explain_refusal(ml, e.refusals[0]) from None
    except BackendFailure as e:
        raise _backend_error(ml, program, e) from None
    check_stack(ml, emitted.stack)
    _dump("OPT_IR", lambda: emitted.optimized_ir)
    spec = _spec(ml, name, program, kind, emitted.elf, namespace, **fields)
    obj = CompiledObject(spec, ir_text, emitted.optimized_ir, program, emitted)
    _dump("ASM", lambda: obj.asm)
    return obj


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


def _spec(
    ml: Any, name: str, program: H.Program, kind: str, elf: bytes, namespace: dict[str, Any], **fields: Any
) -> ObjectSpec:
    """The object as plain data, recorded in the ELF itself (``.debug_pyoombpf.spec``)."""
    from pyoombpf import objspec
    from pyoombpf.elf import add_section, programs

    spec = ObjectSpec(
        name,
        kind,
        b"",
        symbol=fields.get("symbol", ""),
        abi=fields.get("abi", ""),
        programs=tuple(objspec.ProgramSpec(n, sec) for n, sec in programs(elf)),
        maps=objspec.describe_maps(program),
        kill_reasons=list(fields.get("kill_reasons", ())),
        constants=objspec.constants(namespace),
        kernel=objspec.KernelFingerprint.of(ml.types) if ml.types is not None else None,
        kernel_bound=kind == "bridge",
    )
    spec.elf = add_section(elf, objspec.SPEC_SECTION, spec.note())
    return spec


def _check_handler(entry: H.Function) -> None:
    from pyoombpf.errors import TypingError
    from pyoombpf.types.policy import OomCtxType, VerdictType

    if len(entry.params) != 1 or not isinstance(entry.params[0].type, OomCtxType):
        raise TypingError(f"an @oom_handler takes one parameter, `oc: OomControl`; {entry.name}() does not", entry.loc)
    if not isinstance(entry.return_type, VerdictType):
        raise TypingError(
            f"an @oom_handler returns a Verdict (PASS, or what oc.kill(...) returned); "
            f"{entry.name}() returns {entry.return_type}",
            entry.loc,
            ("annotate it `-> Verdict` and return PASS or oc.kill(...)",),
        )


def _compile_syscall(fn: FunctionType, name: str | None) -> CompiledObject:
    from pyoombpf.lowering.module import ModuleLowering

    builder = ProgramBuilder()
    program = builder.build(fn)
    _check_syscall_params(program.entry)
    if name is None:
        name = _program_name(program.entry)
    _dump("HIR", lambda: _hir_text(program))
    ml = ModuleLowering(program.entry.filename, name=name, types=builder._types)
    ml.reserve_globals(program)
    ml.add_syscall_test_entry(program.entry, name)
    return _emit(ml, name, program, "syscall", fn.__globals__)


def _program_name(entry: H.Function) -> str:
    """The program is named after the function; the kernel takes ASCII identifiers only."""
    from pyoombpf.errors import TypingError

    if not is_btf_identifier(entry.name) or len(entry.name) > MAX_PROGRAM_NAME:
        raise TypingError(
            f"the program is named after the function, and {entry.name!r} is not a valid BPF name",
            entry.loc,
            ("BPF names are ASCII identifiers (letters, digits, `_`): pass compile(fn, name=...)",),
        )
    return entry.name


def _check_syscall_params(entry: H.Function) -> None:
    from pyoombpf.errors import TypingError
    from pyoombpf.types.core import BoolType, IntType

    for p in entry.params:
        if not isinstance(p.type, IntType | BoolType):
            raise TypingError(
                f"compile() builds a test program whose arguments are integers; parameter {p.name!r} is {p.type}",
                p.loc,
                ("kernel objects reach a program through kfuncs or a policy's context (see docs/language.md)",),
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
