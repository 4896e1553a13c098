"""The on-disk index cache: ``<cache>/btf/<content digest>.btfx`` plus small pointer files.

A ``.btfx`` file holds a copy of the raw BTF followed by its index (see :mod:`pyoombpf.btf.index`), so a warm
process maps one file and reads nothing it does not need.  It is named by the blake2b-128 digest of the BTF
bytes, so two kernels can never share an entry by accident.

Hashing 5.5 MB costs ~7 ms and merely *reading* ``/sys/kernel/btf/vmlinux`` another ~6 ms (sysfs serves it in
small chunks), which alone would blow the compile budget.  So a *pointer* file ``src-<ident>`` maps a cheap
identity of the source to the digest:

* for sysfs (``/sys/kernel/btf/*``): (path, boot id, ``uname -r``, ``uname -v``, size).  The kernel's BTF
  cannot change without a reboot, and the boot id changes with every boot, so within one boot this identity
  is exact.
  ``uname -v`` alone is not enough: reproducible builds print ``@0`` as their build time (this machine does).
  After a reboot the first process hashes the bytes once (~13 ms) and reuses the existing ``.btfx``.
* for regular files: (real path, device, inode, size, mtime in ns).

Entries are written to a temporary file and renamed into place, so concurrent processes never see a partial
file; a file that fails validation is ignored and rebuilt.  Storing a new entry prunes pointers older than
30 days and the entries no pointer refers to any more (see :func:`prune`).  Set ``PYOOMBPF_CACHE_DIR`` to
move the cache (default ``$XDG_CACHE_HOME/pyoombpf`` or ``~/.cache/pyoombpf``).
"""

from __future__ import annotations

import contextlib
import hashlib
import mmap
import os
from pathlib import Path
from typing import Any

from pyoombpf.btf import format as F
from pyoombpf.btf import index as I

DIGEST_SIZE = 16


def cache_dir() -> Path:
    root = os.environ.get("PYOOMBPF_CACHE_DIR")
    if not root:
        xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        root = os.path.join(xdg, "pyoombpf")
    return Path(root) / "btf"


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=DIGEST_SIZE).hexdigest()


def _boot_id() -> str:
    try:
        with open("/proc/sys/kernel/random/boot_id") as f:
            return f.read().strip()
    except OSError:
        return ""


def source_identity(path: str, st: os.stat_result, base_key: str = "") -> str:
    """The cheap identity of a BTF source described in the module docstring, as a hex key."""
    real = os.path.realpath(path)
    if real.startswith("/sys/"):
        u = os.uname()
        parts: tuple[object, ...] = ("sysfs", real, _boot_id(), u.release, u.version, st.st_size)
    else:
        parts = ("file", real, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
    return hashlib.blake2b(repr((parts, base_key)).encode(), digest_size=DIGEST_SIZE).hexdigest()


class Entry:
    """A mapped ``.btfx`` file: the blob (the mapping itself), its parsed header, index and metadata."""

    def __init__(
        self, mapping: Any, hdr: F.Header, idx: I.Index, blob_len: int, meta: dict[str, object], digest: str
    ) -> None:
        self.mapping = mapping
        self.hdr = hdr
        self.idx = idx
        self.blob_len = blob_len
        self.meta = meta
        self.digest = digest


def pointer_lookup(ident: str) -> str | None:
    try:
        text = (cache_dir() / f"src-{ident}").read_text().strip()
    except OSError:
        return None
    return text if len(text) == 2 * DIGEST_SIZE and all(c in "0123456789abcdef" for c in text) else None


def open_entry(digest: str, expect_size: int | None, base_key: str) -> Entry | None:
    """Map ``<digest>.btfx`` if it exists and is consistent; ``None`` otherwise (caller rebuilds)."""
    path = cache_dir() / f"{digest}.btfx"
    try:
        with open(path, "rb") as f:
            mapping = mmap.mmap(f.fileno(), 0, prot=mmap.PROT_READ)
    except (OSError, ValueError):
        return None
    parsed = I.deserialize(mapping)
    if parsed is None:
        return None
    idx, blob_len, meta = parsed
    if expect_size is not None and blob_len != expect_size:
        return None
    if meta.get("digest") != digest or meta.get("base") != base_key:
        return None
    try:
        hdr = F.parse_header(memoryview(mapping)[:blob_len])
    except Exception:
        return None
    if hdr.type_start + hdr.type_len > blob_len or len(idx.offsets) != len(idx.kinds):
        return None
    return Entry(mapping, hdr, idx, blob_len, meta, digest)


def store(digest: str, idx: I.Index, blob: bytes, base_key: str, ident: str | None) -> bool:
    """Write the entry (and the pointer for ``ident``).  Returns False if the cache is not writable."""
    meta: dict[str, object] = {"digest": digest, "base": base_key}
    try:
        d = cache_dir()
        d.mkdir(parents=True, exist_ok=True)
        atomic_write(d / f"{digest}.btfx", I.serialize(idx, blob, meta))
        if ident is not None:
            atomic_write(d / f"src-{ident}", digest.encode())
    except OSError:
        return False
    prune()
    return True


POINTER_MAX_AGE = 30 * 86400  # seconds; a pointer is rewritten at least once per boot while in use
ENTRY_MIN_AGE = 86400  # never delete an entry younger than this (another process may be writing pointers)


def prune(now: float | None = None) -> list[str]:
    """Delete pointers older than 30 days, then entries no pointer refers to (older than a day).

    Runs whenever a new entry is stored (the cold path), so the cache holds roughly one entry per kernel
    seen in the last month.  Returns the names it removed.  Errors are ignored: pruning is best effort.
    """
    import time

    now = time.time() if now is None else now
    d = cache_dir()
    removed: list[str] = []
    live: set[str] = set()
    for ptr in d.glob("src-*"):
        with contextlib.suppress(OSError):
            if now - ptr.stat().st_mtime > POINTER_MAX_AGE:
                ptr.unlink()
                removed.append(ptr.name)
            else:
                live.add(ptr.read_text().strip())
    for entry in d.glob("*.btfx"):
        with contextlib.suppress(OSError):
            if entry.stem not in live and now - entry.stat().st_mtime > ENTRY_MIN_AGE:
                entry.unlink()
                removed.append(entry.name)
    return removed


def store_pointer(ident: str, digest: str) -> None:
    try:
        d = cache_dir()
        d.mkdir(parents=True, exist_ok=True)
        atomic_write(d / f"src-{ident}", digest.encode())
    except OSError:
        pass


def atomic_write(path: Path, data: bytes) -> None:
    import tempfile  # only when writing: importing it costs a compile served from caches ~5 ms

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
