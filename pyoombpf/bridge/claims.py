"""One decider per cgroup subtree: the claim a relay holds on the subtree it handles.

Two relays on one subtree would both decide on each OOM (two victims where one was needed) and, stopped in the
wrong order, leave the first one's settings behind.  So a relay claims its subtree before it changes anything:

* a claim is a file ``<CLAIM_DIR>/<hierarchy>-<cgroup id>.claim`` holding the claimant's pid, policy and cgroup
  path (JSON), locked with ``flock(LOCK_EX)`` for as long as the relay lives.  The kernel drops the lock when the
  process dies, however it dies, so a claim whose lock can be taken is stale: it is removed, it never blocks;
* every other live claim on the same hierarchy whose cgroup is the same as ours, above it or below it overlaps:
  the relay refuses to start, naming the pid and policy that hold it;
* the directory's ``.lock`` (also ``flock``) is held while claims are checked, taken and removed, so two relays
  starting at once cannot both pass the check.

The directory is created root-only (0700); the claims live on ``/run``, so a reboot leaves none behind.  A kernel
built without file locking cannot hold a claim: :class:`ClaimsUnsupported`, which the relay turns into a warning.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os

from pyoombpf.errors import KernelError, PyoombpfError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

CLAIM_DIR = "/run/pyoombpf/claims"
_SUFFIX = ".claim"
_NO_LOCKS = (errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOLCK)


class ClaimsUnsupported(KernelError):
    """The kernel cannot lock files (built without ``CONFIG_FILE_LOCKING``), so no claim can be held."""


def _overlaps(a: str, b: str) -> bool:
    """``a`` and ``b`` are the same cgroup, or one is below the other (absolute paths)."""
    return a.startswith("/") and b.startswith("/") and os.path.commonpath([a, b]) in (a, b)


@contextlib.contextmanager
def _locked(directory: str) -> Iterator[None]:
    fd = os.open(os.path.join(directory, ".lock"), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


class Claim:
    """The claim of one relay on ``cgroup`` (cgroup id ``cgroup_id`` on ``hierarchy``, ``"v1"`` or ``"v2"``).

    Raises :class:`PyoombpfError` when a live claim overlaps.  :meth:`close` gives it up (idempotent)."""

    def __init__(self, hierarchy: str, cgroup: str, cgroup_id: int, policy: str, *, directory: str = CLAIM_DIR) -> None:
        self.hierarchy, self.cgroup, self.cgroup_id, self.policy = hierarchy, cgroup, cgroup_id, policy
        self.directory = directory
        self.path = os.path.join(directory, f"{hierarchy}-{cgroup_id}{_SUFFIX}")
        self._fd: int | None = None
        try:
            os.makedirs(directory, mode=0o700, exist_ok=True)
            with _locked(directory):
                self._check_others()
                self._take()
        except OSError as exc:
            if exc.errno in _NO_LOCKS:
                raise ClaimsUnsupported(
                    f"this kernel has no file locking (flock: {exc.strerror}; CONFIG_FILE_LOCKING): the relay cannot "
                    f"keep a second relay off {cgroup}; make sure no other relay runs on it, above it or below it"
                ) from None
            raise KernelError(
                f"cannot claim {cgroup} for this relay in {directory} ({exc.strerror}): the claim keeps a second "
                "relay off the same subtree; run as root"
            ) from None

    def _check_others(self) -> None:
        for name in sorted(os.listdir(self.directory)):
            if not name.endswith(_SUFFIX) or not name.startswith(f"{self.hierarchy}-"):
                continue
            holder = _live_holder(os.path.join(self.directory, name))
            where = str(holder.get("cgroup", "")) if holder is not None else ""
            if holder is not None and _overlaps(where, self.cgroup):
                if where == self.cgroup:
                    relation = "it"
                elif os.path.commonpath([where, self.cgroup]) == where:
                    relation = "a cgroup above it"
                else:
                    relation = "a cgroup below it"
                raise PyoombpfError(
                    f"{self.cgroup} is already handled: pid {holder.get('pid')} runs policy {holder.get('policy')} "
                    f"on {relation} ({where}); one decider per cgroup subtree: stop that one first, or attach to a "
                    "cgroup outside its subtree"
                )

    def _take(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.ftruncate(fd, 0)
            record = {"pid": os.getpid(), "policy": self.policy, "cgroup": self.cgroup, "cgroup_id": self.cgroup_id}
            os.write(fd, json.dumps(record).encode() + b"\n")
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def close(self) -> None:
        if self._fd is None:
            return
        with _locked(self.directory), contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> Claim:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def live_claims(directory: str = CLAIM_DIR) -> list[dict[str, object]]:
    """The relays running now (``pyoombpf status``): the record of each claim its process still holds, with its
    ``hierarchy`` (``"v1"``/``"v2"``).  No relay has run since boot: none.  Stale claims are removed, as a
    starting relay would; nothing else changes.  Reading needs root (the directory is 0700): PermissionError."""
    try:
        names = sorted(n for n in os.listdir(directory) if n.endswith(_SUFFIX))
    except FileNotFoundError:
        return []
    out = []
    with _locked(directory):
        for name in names:
            holder = _live_holder(os.path.join(directory, name))
            if holder is not None:
                out.append({**holder, "hierarchy": name.split("-", 1)[0]})
    return out


def _live_holder(path: str) -> dict[str, object] | None:
    """The record of the claim at ``path`` if its process still holds it; a stale claim is removed (None)."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raw = os.pread(fd, 4096, 0)
            try:
                record = json.loads(raw or b"{}")
            except ValueError:
                record = {}
            return record if isinstance(record, dict) else {}
        os.unlink(path)  # nobody holds it: its process is gone
        return None
    finally:
        os.close(fd)
