"""Loading BTF from files and from the running kernel, through the on-disk index cache."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

from pyoombpf.btf import cache as C
from pyoombpf.btf import format as F
from pyoombpf.btf.errors import BtfFormatError, BtfUnavailableError
from pyoombpf.btf.spec import BtfSpec, index_blob

VMLINUX_PATH = "/sys/kernel/btf/vmlinux"
# Files smaller than this are indexed in memory every time: that costs less than a cache probe.
MIN_CACHED_SIZE = 64 * 1024

_vmlinux_lock = threading.Lock()
_vmlinux: dict[str, BtfSpec] = {}


def vmlinux_path() -> str:
    """``$PYOOMBPF_VMLINUX_BTF`` if set (tests use it to simulate a BTF-less machine), else the sysfs file."""
    return os.environ.get("PYOOMBPF_VMLINUX_BTF") or VMLINUX_PATH


def vmlinux() -> BtfSpec:
    """The running kernel's BTF, loaded once per process (and indexed once per kernel, on disk).

    Raises :class:`~pyoombpf.btf.errors.BtfUnavailableError` (a ``NotSupportedError``) without kernel BTF.
    """
    path = vmlinux_path()
    with _vmlinux_lock:
        spec = _vmlinux.get(path)
        if spec is None:
            try:
                spec = load_file(path)
            except OSError as e:
                raise BtfUnavailableError(path, e.strerror or str(e)) from e
            _vmlinux[path] = spec
        return spec


def try_vmlinux() -> BtfSpec | None:
    """Like :func:`vmlinux` but ``None`` when the kernel has no readable BTF."""
    try:
        return vmlinux()
    except BtfUnavailableError:
        return None


def forget_vmlinux() -> None:
    """Drop the per-process vmlinux spec (tests; after ``PYOOMBPF_VMLINUX_BTF`` changes)."""
    with _vmlinux_lock:
        _vmlinux.clear()


def vmlinux_digest() -> str | None:
    """The content digest (:attr:`BtfSpec.key`) of the running kernel's BTF without loading or mapping it: the
    cache's pointer file names it within one boot, else the file is hashed once (~13 ms).  None without kernel
    BTF.  What loading compares a compiled object's kernel fingerprint with (pyoombpf.objspec)."""
    path = vmlinux_path()
    try:
        st = os.stat(path)
        ident = C.source_identity(path, st) if st.st_size >= MIN_CACHED_SIZE else None
        digest = C.pointer_lookup(ident) if ident is not None else None
        if digest is None:
            digest = C.content_digest(_read(path))
            if ident is not None:
                C.store_pointer(ident, digest)
    except OSError:
        return None
    return digest


def module_btf(name: str) -> BtfSpec:
    """The split BTF of kernel module ``name`` (``/sys/kernel/btf/<name>``) on top of :func:`vmlinux`.

    Raises ``OSError`` when the module is not loaded (or the kernel has no module BTF)."""
    base = vmlinux()
    return load_file(os.path.join(os.path.dirname(vmlinux_path()), name), base=base)


def load_file(path: str | os.PathLike[str], *, base: BtfSpec | None = None, cache: bool = True) -> BtfSpec:
    """Load raw BTF from ``path`` (``base`` for split/module BTF).  Raises ``OSError`` if unreadable and
    :class:`~pyoombpf.btf.errors.BtfFormatError` if malformed.  Uses the disk cache unless ``cache=False``."""
    path = os.fspath(path)
    st = os.stat(path)
    source = path
    base_key = base.key if base is not None else ""
    use_cache = cache and st.st_size >= MIN_CACHED_SIZE
    ident = C.source_identity(path, st, base_key) if use_cache else None
    return load_identified(ident, st.st_size, base, source, lambda: _read(path))


def _read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def load_identified(
    ident: str | None, size: int | None, base: BtfSpec | None, source: str, read: Callable[[], bytes]
) -> BtfSpec:
    """The spec for the BTF that ``read()`` returns: from the cache entry the pointer ``ident`` names when
    it is valid (``size``: the expected BTF length, if known), else read, indexed and (with an ``ident``)
    stored.  ``ident=None`` bypasses the cache."""
    if ident is not None:
        digest = C.pointer_lookup(ident)
        spec = _from_entry(digest, size, base, source) if digest is not None else None
        if spec is not None:
            return spec
    data = read()
    if ident is None:
        return BtfSpec.from_bytes(data, base=base, source=source)
    return _load_bytes_cached(data, base, source, ident)


def _from_entry(digest: str, size: int | None, base: BtfSpec | None, source: str) -> BtfSpec | None:
    entry = C.open_entry(digest, size, base.key if base is not None else "")
    if entry is None:
        return None
    return BtfSpec(
        entry.mapping,
        entry.idx,
        entry.hdr,
        base=base,
        source=source,
        key=digest,
        keepalive=entry.mapping,
        blob_len=entry.blob_len,
    )


def _load_bytes_cached(data: bytes, base: BtfSpec | None, source: str, ident: str | None) -> BtfSpec:
    digest = C.content_digest(data)
    spec = _from_entry(digest, len(data), base, source)
    if spec is not None:
        if ident is not None:
            C.store_pointer(ident, digest)
        return spec
    hdr, idx = index_blob(data, base, source)
    C.store(digest, idx, data, base.key if base is not None else "", ident)
    return BtfSpec(data, idx, hdr, base=base, source=source, key=digest)


def load_bytes(data: bytes, *, base: BtfSpec | None = None, source: str = "<bytes>", cache: bool = False) -> BtfSpec:
    """Index ``data``; with ``cache=True`` the index is kept on disk under its content digest."""
    if not cache:
        return BtfSpec.from_bytes(data, base=base, source=source)
    if len(data) < F.HEADER.size:
        raise BtfFormatError(f"only {len(data)} bytes, shorter than the {F.HEADER.size}-byte header", source)
    return _load_bytes_cached(bytes(data), base, source, None)
