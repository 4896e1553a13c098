"""Loading a bridge policy in a helper process, so the relay never maps cffi or libbpf.

Loading needs libbpf (relocations, CO-RE, kfuncs, the verifier's log); running the program and reading its maps
afterwards needs only their file descriptors (:mod:`pyoombpf.runtime.bpfsys`).  The relay stays resident and
locks its memory, so :func:`load_in_child` loads in a short-lived child — ``python -I`` (see
:mod:`pyoombpf.bridge.isolated`) running this module's :func:`main` — which hands the program and map fds back
over a Unix socket (``SCM_RIGHTS``) and exits.  The kernel keeps the object loaded as long as the relay holds
the fds.

The child loads with :func:`~pyoombpf.bridge.loading.load_bounded` in its own main thread, so the time limit
always applies.  Protocol (child → parent, over the socket on its fd 3; the ELF comes on fd 4): messages of an
8-byte length and a JSON object, ``{"loading": {...}}`` for each progress event, then either ``{"loaded":
{"programs": [...], "maps": [...]}}`` with one fd per name attached, or ``{"error": {...}}`` describing the
exception (rebuilt in the parent with its type and attributes: a verifier error reads the same).
"""

from __future__ import annotations

import _socket  # the C module: socket.py's enum set-up would stay in the relay's memory for nothing
import contextlib
import json
import os
import struct
import sys

from pyoombpf.bridge import isolated
from pyoombpf.bridge.events import Event
from pyoombpf.errors import KernelError, LoadError, PyoombpfError
from pyoombpf.runtime.bpfsys import prog_test_run
from pyoombpf.runtime.maps import Map

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from pyoombpf.bridge.events import EventSink
    from pyoombpf.runtime.bpfsys import TestRun
    from pyoombpf.runtime.codec import Codec

#: how long the kernel's verifier may take on a policy (``load_timeout_s`` / ``--load-timeout``)
DEFAULT_LOAD_TIMEOUT_S = 30.0
SOCK_FD, ELF_FD = 3, 4  # in the child
MAX_FDS = 250  # SCM_RIGHTS carries at most 253 fds per message
#: how long past its own limit the loader may stay silent before the relay gives up on it (starting Python and
#: importing libbpf's binding on a loaded machine, the diagnosis load after a timeout)
SILENCE_GRACE_S = 60.0
_HEAD = struct.Struct("<Q")


class LoadedProgram:
    """A program of a :class:`LoadedPolicy`: ``test_run`` as :class:`~pyoombpf.runtime.object.Program` has it."""

    def __init__(self, owner: LoadedPolicy, name: str, fd: int) -> None:
        self._owner, self.name, self._fd = owner, name, fd

    def __repr__(self) -> str:
        return f"<LoadedProgram {self.name!r} fd={self._fd}>"

    @property
    def fd(self) -> int:
        self._owner._require_loaded()
        return self._fd

    def test_run(self, ctx: bytes | bytearray | None = None) -> TestRun:
        """Run the program once with ``BPF_PROG_RUN``; the context buffer is passed in and read back."""
        try:
            return prog_test_run(self.fd, ctx)
        except OSError as exc:
            raise LoadError(f"BPF_PROG_RUN of program {self.name!r} failed", exc.errno or 0) from None


class LoadedPolicy:
    """A policy object loaded by the helper: its programs and maps as fds of this process.  ``program()`` and
    ``map()`` as a :class:`~pyoombpf.runtime.BpfObject` has them; :meth:`close` closes the fds (the kernel unloads
    the object with the last one)."""

    def __init__(self, name: str, programs: dict[str, int], maps: dict[str, int]) -> None:
        self.name = name
        self._programs, self._maps = programs, maps
        self._closed = False

    def __repr__(self) -> str:
        return f"<LoadedPolicy {self.name!r} {'closed' if self._closed else 'loaded'}>"

    @property
    def loaded(self) -> bool:
        return not self._closed

    def _require_loaded(self) -> None:
        if self._closed:
            raise KernelError(f"policy object {self.name!r} is closed")

    def program(self, name: str) -> LoadedProgram:
        self._require_loaded()
        if name not in self._programs:
            raise KeyError(f"object {self.name!r} has no program {name!r} (it has {sorted(self._programs)})")
        return LoadedProgram(self, name, self._programs[name])

    def map_names(self) -> list[str]:
        return list(self._maps)

    def map(self, name: str, key: Codec | None = None, value: Codec | None = None) -> Map:
        """A map by name, keys and values typed by the codecs (raw bytes without them)."""
        self._require_loaded()
        if name not in self._maps:
            raise KeyError(f"object {self.name!r} has no map {name!r} (it has {sorted(self._maps)})")
        return Map.from_fd(self, self._maps[name], name, key, value)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        for fd in [*self._programs.values(), *self._maps.values()]:
            os.close(fd)

    def __enter__(self) -> LoadedPolicy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        if not getattr(self, "_closed", True):
            self.close()


# ------------------------------------------------------------------------------------------------- the relay's end


def load_in_child(elf: bytes, name: str, timeout_s: float, on_event: EventSink | None = None) -> LoadedPolicy:
    """Load the bridge object ``elf`` in a helper process; its fds, here.  The errors are those of loading in
    process (``VerifierError``, ``LoadTimeoutError``, ``NotSupportedError``…); ``loading`` events go to
    ``on_event`` from the calling thread."""
    ours, theirs = _socket.socketpair(_socket.AF_UNIX, _socket.SOCK_STREAM)
    image = os.memfd_create("pyoombpf-policy", os.MFD_CLOEXEC)
    null = os.open(os.devnull, os.O_RDONLY | os.O_CLOEXEC)
    child: isolated.Child | None = None
    try:
        os.write(image, elf)
        os.lseek(image, 0, os.SEEK_SET)
        fds = {0: null, 1: 2, 2: 2, SOCK_FD: theirs.fileno(), ELF_FD: image}
        child = isolated.spawn("pyoombpf.bridge.loader", [name, repr(float(timeout_s))], fds)
        for fd in (image, null):
            os.close(fd)
        image = null = -1
        theirs.close()
        return _await(ours, child, name, timeout_s, on_event)
    finally:
        ours.close()
        theirs.close()
        for fd in (image, null):
            if fd >= 0:
                os.close(fd)
        if child is not None:
            child.close()


def _await(sock: Any, child: isolated.Child, name: str, timeout_s: float, on_event: EventSink | None) -> LoadedPolicy:
    while True:
        msg, fds = _receive(sock, child, timeout_s + SILENCE_GRACE_S)
        if "loading" in msg:
            if on_event is not None:
                with contextlib.suppress(Exception):  # a failing consumer does not stop the load
                    on_event(Event("loading", msg["loading"]))
            _close_all(fds)
            continue
        if "loaded" in msg:
            names = [*msg["loaded"]["programs"], *msg["loaded"]["maps"]]
            if len(names) != len(fds):
                _close_all(fds)
                raise KernelError(f"loading policy {name!r}: the loading helper sent {len(fds)} of {len(names)} fds")
            held = dict(zip(names, fds, strict=True))
            programs = {n: held[n] for n in msg["loaded"]["programs"]}
            return LoadedPolicy(name, programs, {n: held[n] for n in msg["loaded"]["maps"]})
        _close_all(fds)
        raise rebuild(msg.get("error") or {}, name)


def _receive(sock: Any, child: isolated.Child, silence_s: float) -> tuple[dict[str, Any], list[int]]:
    """One message and the fds that came with it; the child's death or silence is an error."""
    fds: list[int] = []
    try:
        head = _exactly(sock, _HEAD.size, fds, child, silence_s)
        body = _exactly(sock, _HEAD.unpack(head)[0], fds, child, silence_s)
        return json.loads(body), fds
    except BaseException:
        _close_all(fds)
        raise


def _exactly(sock: Any, size: int, fds: list[int], child: isolated.Child, silence_s: float) -> bytes:
    data = b""
    space = _socket.CMSG_SPACE(MAX_FDS * 4)
    while len(data) < size:
        if not isolated.readable(sock.fileno(), silence_s):
            raise KernelError(f"the policy loading helper (pid {child.pid}) said nothing for {silence_s:g} s")
        chunk, ancillary, flags, _addr = sock.recvmsg(size - len(data), space)
        for level, kind, payload in ancillary:
            if level == _socket.SOL_SOCKET and kind == _socket.SCM_RIGHTS:
                fds.extend(struct.unpack(f"{len(payload) // 4}i", payload[: len(payload) // 4 * 4]))
        if flags & _socket.MSG_CTRUNC:
            raise KernelError("the policy loading helper sent more file descriptors than fit one message")
        if not chunk:
            status = child.wait(5.0)
            raise KernelError(
                f"the policy loading helper (pid {child.pid}) ended without an answer (exit status {status}); its "
                "error output, if any, is above"
            )
        data += chunk
    return data


def _close_all(fds: list[int]) -> None:
    for fd in fds:
        os.close(fd)


def rebuild(desc: dict[str, Any], name: str) -> BaseException:
    """The exception the helper described, as an instance of its own class (pyoombpf's errors), else a
    :class:`PyoombpfError` with its text."""
    text = str(desc.get("text") or f"loading policy {name!r} failed in the loading helper")
    module, qualname = str(desc.get("module", "")), str(desc.get("name", ""))
    if module == "pyoombpf" or module.startswith("pyoombpf."):
        try:
            import importlib

            cls = getattr(importlib.import_module(module), qualname)
            if isinstance(cls, type) and issubclass(cls, PyoombpfError):
                exc = cls.__new__(cls)
                BaseException.__init__(exc, *desc.get("args", ()))
                exc.__dict__.update(desc.get("attrs", {}))
                return exc
        except Exception:  # noqa: BLE001 - fall back to the text
            pass
    return PyoombpfError(text if module.startswith("pyoombpf") else f"loading policy {name!r}: {qualname}: {text}")


# ------------------------------------------------------------------------------------------------- the helper's end


def describe(exc: BaseException) -> dict[str, Any]:
    """What :func:`rebuild` needs: class, ``args``, the attributes that JSON can carry, and the text."""
    attrs = {}
    for key, value in vars(exc).items():
        try:
            json.dumps(value)
        except (TypeError, ValueError):
            continue
        attrs[key] = value
    cls = type(exc)
    args = [a for a in exc.args if isinstance(a, str | int | float | bool | None)]
    return {"module": cls.__module__, "name": cls.__qualname__, "args": args, "attrs": attrs, "text": str(exc)}


def _send(sock: Any, msg: dict[str, Any], fds: list[int] | None = None) -> None:
    body = json.dumps(msg).encode()
    ancillary = [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, struct.pack(f"{len(fds)}i", *fds))] if fds else []
    sock.sendmsg([_HEAD.pack(len(body))], ancillary)
    sock.sendall(body)


def main(argv: list[str]) -> int:
    name, timeout_s = argv[0], float(argv[1])
    sock = _socket.socket(fileno=SOCK_FD)
    with os.fdopen(ELF_FD, "rb") as f:
        elf = f.read()

    def progress(event: Event) -> None:
        _send(sock, {"loading": event.fields})

    try:
        from pyoombpf.bridge.loading import load_bounded
        from pyoombpf.runtime.object import BpfObject

        obj = BpfObject.open(elf, name=name)
        load_bounded(obj, elf, name, timeout_s, progress)
        programs = {p.name: p.fd for p in obj.programs()}
        maps = {m: obj.map(m).fd for m in obj.map_names()}
        if len(programs) + len(maps) > MAX_FDS:
            raise KernelError(f"policy {name!r} has {len(programs) + len(maps)} programs and maps (at most {MAX_FDS})")
        _send(sock, {"loaded": {"programs": list(programs), "maps": list(maps)}}, [*programs.values(), *maps.values()])
    except BaseException as exc:  # noqa: BLE001 - every failure goes to the relay, which raises it
        _send(sock, {"error": describe(exc)})
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
