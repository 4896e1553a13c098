"""LLVM started early, in a child process, while ``pyoombpf compile`` reads, types and lowers the policy.

A whole ``pyoombpf compile`` spends ~50 ms of its start-up making LLVM usable: importing ``llvmlite.binding``
(mostly Python: its modules, ``importlib.resources``, ``ctypes`` prototypes), loading ``libllvmlite.so`` and creating
the BPF target machine.  Only ~8 ms of that is C that could run beside the main thread in a thread (the rest holds
the GIL), so the command forks instead, before it imports the compiler: the child (:func:`_child`) makes LLVM
ready on the other core while the parent imports the compiler, runs the policy file, the frontend and the
lowering, then takes the IR text, runs :func:`pyoombpf.codegen.emit.emit_object` on it — the very function a
compile in the parent would run, the first emission of its process as it would be in the parent — and sends back
the object, the optimised IR and (when the object cache stores it or the command prints it) the assembly.  The
object is byte for byte the one an in-process compile makes.

The parent never imports ``llvmlite.binding``.  Only a command that will run LLVM starts the child: the object cache
is off, or it holds no object for this source (:func:`pyoombpf.codegen.cache.likely_hit`); a hit never forks, and
stays free of LLVM.  Whatever happens to the child, the compile goes on as it would without it:

* the child cannot load LLVM, or dies before it has → the parent emits in process (any error is the usual one);
* the child dies while LLVM works on the module → it is emitted again in a fresh child (:mod:`.isolated`), where a
  fatal LLVM error becomes the usual located :class:`~pyoombpf.errors.BackendError`;
* LLVM refuses the module → the same :class:`~pyoombpf.codegen.checks.BackendRefusal` / ``CodegenError`` as in
  process; an unexpected exception there → the parent emits in process and meets it itself.

The child is never left behind: :meth:`Backend.close` (the command's ``with``) kills and reaps it if its answer was
not needed, Ctrl-C ends both, and the child dies with its parent (``PR_SET_PDEATHSIG``) and on its pipe's end.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import signal
import struct
import sys
from typing import TYPE_CHECKING, Any

from pyoombpf.codegen.emitted import EmittedObject

if TYPE_CHECKING:
    from types import TracebackType

#: as long as a compile in a child process may take (pyoombpf.codegen.isolated)
TIMEOUT_S = 600.0
_WARM, _UNAVAILABLE = b"W", b"U"
_OK, _REFUSED, _ERROR, _FAILED, _OTHER = b"OK", b"RF", b"ER", b"BF", b"XX"
_LEN = struct.Struct("<Q")
_PR_SET_PDEATHSIG = 1


class Command:
    """What ``pyoombpf compile`` prepares before it imports the compiler (:func:`prepare`): LLVM's child when the
    compile will likely run LLVM, and this source's hint in the object cache (:func:`pyoombpf.codegen.cache.
    source_hint`: the compiler records there the key of the object it stored or found)."""

    def __init__(self, backend: Backend | None = None, hint: str | None = None, hinted: str | None = None) -> None:
        self.backend = backend
        self.hint = hint
        #: the key the hint held (a hit was expected), None when there was none
        self.hinted = hinted

    def take_backend(self) -> Backend | None:
        """The child, for the one module it will compile (None when there is none)."""
        backend, self.backend = self.backend, None
        return backend

    def remember(self, key: str) -> None:
        """The compile stored or found its object under ``key``: the next compile of this source will likely hit."""
        if self.hint is not None and key != self.hinted:
            from pyoombpf.codegen import cache

            cache.remember(self.hint, key)
            self.hinted = key

    def close(self) -> None:
        if self.backend is not None:
            self.backend.close()
            self.backend = None
        reap_exiting()

    def __enter__(self) -> Command:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def prepare(path: str, function: str | None, abi: str | None, *, asm: bool, mode: str = "struct_ops") -> Command:
    """Before ``pyoombpf compile`` imports the compiler: start LLVM's child unless the compile will likely be an
    object-cache hit (or is isolated, ``PYOOMBPF_ISOLATE=1``: each module in a fresh child).  ``asm``: the
    command prints the assembly."""
    from pyoombpf.codegen import cache

    if os.environ.get("PYOOMBPF_ISOLATE", "") not in ("", "0"):
        return Command()
    if not cache.for_commands():
        return Command(Backend.start(asm=asm))
    hint = cache.source_hint(path, function, abi, mode)
    hinted = cache.hinted_key(hint) if hint is not None else None
    if hinted is not None:
        return Command(None, hint, hinted)  # a hit is likely: no LLVM
    return Command(Backend.start(asm=True), hint)  # the object cache stores the assembly too


class Backend:
    """LLVM, being made ready in a forked child; :meth:`emit` hands it one module.  Use :meth:`start`."""

    def __init__(self, pid: int, request: int, response: int) -> None:
        self.pid: int | None = pid
        self._request: int | None = request
        self._response: int | None = response
        #: the child's answer is all here (it has ended its work)
        self._answered = False

    @classmethod
    def start(cls, *, asm: bool) -> Backend | None:
        """Fork the child (``asm``: it also sends the module's assembly); None when this process should not fork
        (it runs other threads) or cannot."""
        if not _single_threaded():
            return None
        _shared_imports()
        fds: list[int] = []
        try:
            req_r, req_w = os.pipe()
            fds += (req_r, req_w)
            resp_r, resp_w = os.pipe()
            fds += (resp_r, resp_w)
            sys.stdout.flush()
            sys.stderr.flush()
            parent = os.getpid()
            # what exists now is shared with the child until either writes to it: keep the garbage collector from
            # visiting (and so copying) all of it in both processes (it is what the command imported so far)
            gc.freeze()
            pid = os.fork()
        except OSError:
            for fd in fds:
                os.close(fd)
            return None
        if pid == 0:  # pragma: no cover - the child never returns (coverage cannot follow it)
            os.close(req_w)
            os.close(resp_r)
            _child(parent, req_r, resp_w, asm)
        os.close(req_r)
        os.close(resp_w)
        return cls(pid, req_w, resp_r)

    def emit(self, ir_text: str) -> EmittedObject | None:
        """What :func:`pyoombpf.codegen.emit.emit_object` makes of ``ir_text`` (its exceptions too), from the child;
        None when the child has no answer for it (the caller emits in process).  Once per backend."""
        if self._request is None or self._response is None:
            return None
        answer = self._exchange(ir_text.encode(errors="surrogateescape"))
        if answer[:1] != _WARM:
            return None  # LLVM never became ready there
        tag, body = answer[1:3], answer[3:]
        if tag == _OK:
            return _decode(body)
        if tag == _OTHER:
            return None
        if tag in (_REFUSED, _ERROR, _FAILED):
            raise _error(tag, body)
        return _isolated(ir_text)  # the child died while LLVM worked on the module

    def _exchange(self, request: bytes) -> bytes:
        """Send the IR, read the whole answer (the child is then exiting: :meth:`close` reaps it)."""
        assert self._request is not None and self._response is not None
        try:
            _write_all(self._request, request)
        except BrokenPipeError:
            pass  # the child is gone: its answer (if any) says why
        finally:
            os.close(self._request)
            self._request = None
        answer = _read_all(self._response, TIMEOUT_S)
        if answer is None:
            self.close()
            from pyoombpf.errors import CodegenError

            raise CodegenError(f"LLVM did not finish compiling the module within {TIMEOUT_S:.0f} s")
        self._answered = True
        return answer

    def close(self, *, wait: bool = True) -> None:
        """Stop the child if it still runs (its answer is not needed), reap it, close the pipes.  ``wait=False``: a
        child that has answered is not waited for while it exits (freeing LLVM's memory takes it a few ms); the
        command reaps it at its end (:func:`reap_exiting`, from :meth:`Command.close`)."""
        for name in ("_request", "_response"):
            fd = getattr(self, name)
            if fd is not None:
                os.close(fd)
                setattr(self, name, None)
        if self._answered and not wait and self.pid is not None:
            with contextlib.suppress(ChildProcessError):
                if os.waitpid(self.pid, os.WNOHANG)[0] == 0:
                    _exiting.append(self.pid)
            self.pid = None
        self._reap(kill=not self._answered)

    def _reap(self, *, kill: bool) -> None:
        if self.pid is None:
            return
        if kill:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        self.pid = None

    def __enter__(self) -> Backend:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _shared_imports() -> None:
    """Import before the fork what both processes import anyway — this one to lower the module, the child to
    emit it: ``llvmlite.ir`` (``llvmlite.binding`` imports it), ``dataclasses`` with ``inspect``, the backend's
    checks and ELF reader.  Once instead of once in each process: the same for this process, ~15 ms of CPU
    less for the child, which counts when the machine has no core to spare for it (the child's readiness is then
    what the compile waits for)."""
    import llvmlite.ir  # noqa: F401

    from pyoombpf.codegen import checks, stack  # noqa: F401


#: children that answered and were exiting when their Backend closed (reaped by reap_exiting)
_exiting: list[int] = []


def reap_exiting() -> None:
    """Reap the children that answered and were left to exit (:meth:`Backend.close` with ``wait=False``); one
    still there after its answer is killed first (it has nothing left to do)."""
    while _exiting:
        pid = _exiting.pop()
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)


def _single_threaded() -> bool:
    """Whether this process runs one thread (``fork()`` is safe in it)."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        threading = sys.modules.get("threading")
        return threading is None or threading.active_count() == 1


def _child(parent: int, request: int, response: int, asm: bool) -> None:
    """The child: make LLVM ready, read the IR until the parent closes the pipe, answer, exit (never returns).
    Nothing of it reaches the terminal: a fatal LLVM error is met again in the fresh child the parent then runs
    (:func:`_isolated`), which reports it."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends the child quietly, as it does the parent
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        try:
            _die_with(parent)
            from pyoombpf.codegen import emit

            getattr(emit, "_target_machine", lambda: None)()
        except BaseException:  # noqa: BLE001 - whatever it is, the parent emits in process and meets it there
            _write_all(response, _UNAVAILABLE)
            os._exit(0)
        _write_all(response, _WARM)
        ir_text = _read_all(request, None)
        if ir_text:
            _write_all(response, _answer(emit, ir_text.decode(errors="surrogateescape"), asm))
            os.close(response)  # the whole answer: the parent goes on while this process exits
    except BaseException:  # noqa: BLE001 - the parent reads an incomplete answer as the child's death
        os._exit(1)
    os._exit(0)


def _die_with(parent: int) -> None:
    """Have the kernel kill this child when its parent ends (before the parent reaps it, say, on SIGKILL)."""
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(0)


def _answer(emit: Any, ir_text: str, asm: bool) -> bytes:
    from pyoombpf.codegen.checks import BackendRefusal
    from pyoombpf.codegen.isolated import BackendFailure
    from pyoombpf.errors import CodegenError

    try:
        emitted = emit.emit_object(ir_text, isolate=False)
        text = emitted.asm if asm else None
    except BackendRefusal as e:
        return _REFUSED + json.dumps([[r.function, r.kind, r.detail] for r in e.refusals]).encode()
    except BackendFailure as e:
        return _FAILED + json.dumps([e.message, e.status]).encode()
    except CodegenError as e:
        return _ERROR + e.message.encode(errors="surrogateescape")
    except Exception:  # noqa: BLE001 - not ours to explain here: the parent emits in process and meets it there
        return _OTHER
    meta = {"isolated": emitted.isolated, "because": list(emitted.isolated_because), "asm": text is not None}
    parts = [json.dumps(meta).encode(), emitted.elf, emitted.optimized_ir.encode(errors="surrogateescape")]
    parts.append((text or "").encode(errors="surrogateescape"))
    return _OK + b"".join(_LEN.pack(len(p)) + p for p in parts)


def _error(tag: bytes, body: bytes) -> Exception:
    """The exception ``emit_object`` raised in the child."""
    if tag == _REFUSED:
        from pyoombpf.codegen.checks import BackendRefusal, Refusal

        return BackendRefusal([Refusal(*row) for row in json.loads(body)])
    if tag == _FAILED:
        from pyoombpf.codegen.isolated import BackendFailure

        message, status = json.loads(body)
        return BackendFailure(message, status)
    from pyoombpf.errors import CodegenError

    return CodegenError(body.decode(errors="replace"))


def _decode(body: bytes) -> EmittedObject:
    from pyoombpf.codegen.stack import stack_depths

    parts, pos = [], 0
    for _ in range(4):
        (n,) = _LEN.unpack_from(body, pos)
        pos += _LEN.size
        parts.append(body[pos : pos + n])
        pos += n
    meta = json.loads(parts[0])
    elf = bytes(parts[1])
    return EmittedObject(
        elf=elf,
        optimized_ir=parts[2].decode(errors="surrogateescape"),
        _module=None,
        _asm=parts[3].decode(errors="surrogateescape") if meta["asm"] else None,
        stack=stack_depths(elf),
        isolated=bool(meta["isolated"]),
        isolated_because=tuple(meta["because"]),
    )


def _isolated(ir_text: str) -> EmittedObject:
    """``ir_text`` emitted in a fresh child process, as ``compile(isolate=True)`` does."""
    from pyoombpf.codegen.isolated import emit_isolated
    from pyoombpf.codegen.stack import stack_depths

    r = emit_isolated(ir_text)
    return EmittedObject(
        elf=r.elf, optimized_ir=r.optimized_ir, _module=None, _asm=r.asm, stack=stack_depths(r.elf), isolated=True
    )


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _read_all(fd: int, timeout: float | None) -> bytes | None:
    """Everything until the writer closes ``fd``; None when ``timeout`` (seconds) passes first."""
    import select
    import time

    chunks: list[bytes] = []
    deadline = None if timeout is None else time.monotonic() + timeout
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    while True:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not poller.poll(left * 1000):
                return None
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
