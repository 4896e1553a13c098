"""BPF links (attached programs, registered struct_ops maps) and struct_ops registration / cgroup
attachment.  A link reports what the kernel says about it (:meth:`Link.info`) and whether the kernel has detached
it (:meth:`Link.hung_up`); a struct_ops link attached to a cgroup says when that cgroup went away
(:attr:`StructOpsLink.cgroup_removed`)."""

from __future__ import annotations

import contextlib
import errno as _errno
import os
from typing import TYPE_CHECKING, Any

from pyoombpf.errors import AttachError, NotSupportedError
from pyoombpf.runtime import _ffi, linkinfo
from pyoombpf.runtime._ffi import capture, ffi, lib
from pyoombpf.runtime._resource import KernelResource
from pyoombpf.runtime.linkinfo import LinkInfo
from pyoombpf.runtime.requirements import BPF_OOM_SERIES, BRIDGE_HINT

if TYPE_CHECKING:
    from pyoombpf.runtime.maps import Map
    from pyoombpf.runtime.object import BpfObject

BPF_STRUCT_OPS = 44  # enum bpf_attach_type
BPF_F_CGROUP_FD = 1 << 7  # link_create flag of the BPF OOM series: target_fd is a cgroup


def _destroy_libbpf_link(ptr: Any) -> None:
    lib.bpf_link__destroy(ptr)


def _close_fd(fd: int) -> None:
    with contextlib.suppress(OSError):
        os.close(fd)


class Link(KernelResource):
    """An attachment.  ``close()`` (or leaving ``with``, or dropping it) detaches and releases it."""

    _what = "BPF link"

    def __init__(self, parent: KernelResource, what: str, *, libbpf_link: Any = None, fd: int = -1) -> None:
        if libbpf_link is not None:
            fd = int(lib.bpf_link__fd(libbpf_link))
            self._track(_destroy_libbpf_link, libbpf_link, parent=parent)
        else:
            self._track(_close_fd, fd, parent=parent)
        self._fd = fd
        self.what = what
        self._detached_here = False

    def __repr__(self) -> str:
        state = "closed" if self.closed else f"fd={self._fd}"
        return f"<Link {self.what} {state}>"

    @property
    def fd(self) -> int:
        self._require_open()
        return self._fd

    def info(self) -> LinkInfo:
        """What the kernel reports about this link (``bpf_link_info``): its id, type, and for a struct_ops link
        the registered map and the attach cgroup."""
        return linkinfo.link_info(self.fd)

    def hung_up(self, timeout: float = 0.0) -> bool:
        """Whether the kernel has detached this link (``EPOLLHUP``), waiting up to ``timeout`` seconds.  Links
        that cannot report it (most program links) never do."""
        return linkinfo.hung_up(self.fd, timeout)

    def detach(self) -> None:
        """Detach from the hook but keep the link fd (``BPF_LINK_DETACH``); ``close()`` still has to
        follow."""
        self._detached_here = True
        ret = lib.bpf_link_detach(self.fd)
        if ret < 0:
            err = _ffi.error_code(ret)
            hint = (
                " (the kernel cannot detach this kind of link while it is open: close() it)"
                if err
                in (
                    _errno.EOPNOTSUPP,
                    524,
                )
                else ""
            )
            raise AttachError(f"detaching {self.what} failed{hint}", err)

    def read_iter(self) -> bytes:
        """Run an ``iter/`` program once: create an iterator from this link and read it to the end."""
        it = lib.bpf_iter_create(self.fd)
        if it < 0:
            raise AttachError(f"creating an iterator from {self.what} failed", _ffi.error_code(it))
        chunks = []
        try:
            while chunk := os.read(it, 1 << 16):
                chunks.append(chunk)
        finally:
            os.close(it)
        return b"".join(chunks)


class StructOpsLink(Link):
    """A registered struct_ops map.  Attached to a cgroup (BPF OOM handlers): :attr:`cgroup_id` is the cgroup the
    kernel reports, and :attr:`cgroup_removed` turns true once the kernel detached the handler because that cgroup
    went away -- the handler no longer runs; attach the policy elsewhere or close it."""

    def __init__(self, parent: KernelResource, what: str, *, fd: int, cgroup_path: str | None = None) -> None:
        super().__init__(parent, what, fd=fd)
        #: the cgroup directory it was attached to (None: registered system-wide, or given as a bare fd)
        self.cgroup_path = cgroup_path
        self._attached_to_cgroup = False

    def __repr__(self) -> str:
        where = f" on {self.cgroup_path}" if self.cgroup_path else ""
        return super().__repr__()[:-1] + where + ">"

    @property
    def cgroup_id(self) -> int:
        """The attach cgroup's id as the kernel reports it (0: none, or a kernel that does not report it)."""
        return self.info().cgroup_id

    @property
    def cgroup_removed(self) -> bool:
        """True when the kernel detached this cgroup-attached link (``EPOLLHUP``) and this process did not: its
        cgroup is gone."""
        return self._attached_to_cgroup and not self._detached_here and self.hung_up()

    def wait_cgroup_removed(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for :attr:`cgroup_removed`; returns it."""
        return self._attached_to_cgroup and not self._detached_here and self.hung_up(timeout)


def cgroup_fd_of(target: Any) -> int:
    """An ``int`` fd, or anything with a ``fileno()`` / ``fd`` (e.g.
    :class:`~pyoombpf.runtime.cgroup.CgroupFd`)."""
    if isinstance(target, int):
        return target
    if hasattr(target, "fileno"):
        return int(target.fileno())
    return int(target.fd)


class StructOps:
    """A struct_ops map of a loaded object: register it system-wide or attach it to a cgroup.

    Every struct_ops map is created with ``BPF_F_LINK``, so the registration lives exactly as long as its
    link.
    """

    def __init__(self, obj: BpfObject, map: Map, type_name: str) -> None:
        self._obj = obj
        self.map = map
        self.name = map.name
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"<StructOps {self.name!r} ({self.type_name})>"

    def register(self) -> Link:
        """Register through a link that is not bound to any target (``bpf_map__attach_struct_ops``)."""
        if _ffi.NATIVE_STRUCT_OPS_LINK:
            with capture() as msgs:
                ptr = lib.bpf_map__attach_struct_ops(self.map._ptr)
            if ptr == ffi.NULL:
                raise self._error("registering", _ffi.pointer_error(), msgs)
            return Link(self._obj, f"struct_ops {self.name}", libbpf_link=ptr)
        self._push_value("registering")
        return self._link(0, 0, "registering")

    def attach(self, cgroup_fd: Any = None) -> Link:
        """Attach to a cgroup (``BPF_LINK_CREATE`` with ``BPF_F_CGROUP_FD``) and return the
        :class:`StructOpsLink`; without one, :meth:`register`."""
        if cgroup_fd is None:
            return self.register()
        target = cgroup_fd_of(cgroup_fd)
        # A kernel without the series ignores BPF_F_CGROUP_FD and would register system-wide: refuse first.
        if not self._kernel_has_cgroup_attach():
            raise NotSupportedError(
                "struct_ops attachment to a cgroup (BPF_LINK_CREATE with BPF_F_CGROUP_FD)",
                f"needs {BPF_OOM_SERIES}; this kernel's struct bpf_struct_ops_link has no cgroup",
                BRIDGE_HINT,
            )
        self._push_value("attaching to a cgroup")
        link = self._link(target, BPF_F_CGROUP_FD, "attaching to a cgroup", getattr(cgroup_fd, "path", None))
        link._attached_to_cgroup = True
        return link

    # ---------------------------------------------------------------- internals
    def _push_value(self, doing: str) -> None:
        """Write the struct_ops value (program fds) into the map once: libbpf keeps it private, so let libbpf
        do it.

        libbpf < 1.2 only updates the map (its returned pseudo-link would delete the value on destroy, so it
        is disconnected first).  libbpf >= 1.2 updates and then creates a target-less link: a kernel with the
        OOM series refuses that (EINVAL) and others accept it, in which case the link is destroyed at once.
        """
        if self.name in self._obj._struct_ops_pushed:
            return
        with capture() as msgs:
            ptr = lib.bpf_map__attach_struct_ops(self.map._ptr)
        err = _ffi.pointer_error() if ptr == ffi.NULL else 0
        if ptr != ffi.NULL:
            if not _ffi.NATIVE_STRUCT_OPS_LINK:
                lib.bpf_link__disconnect(ptr)
            lib.bpf_link__destroy(ptr)
        elif not _ffi.NATIVE_STRUCT_OPS_LINK or err != _errno.EINVAL:
            raise self._error(doing, err, msgs)
        self._obj._struct_ops_pushed.add(self.name)

    def _link(self, target_fd: int, flags: int, doing: str, cgroup_path: str | None = None) -> StructOpsLink:
        fd = _ffi.link_create(self.map.fd, target_fd, BPF_STRUCT_OPS, flags)
        if fd < 0:
            raise self._error(doing, -fd, [])
        return StructOpsLink(self._obj, f"struct_ops {self.name}", fd=fd, cgroup_path=cgroup_path)

    @staticmethod
    def _kernel_has_cgroup_attach() -> bool:
        from pyoombpf.runtime.features import features

        return features().struct_ops_cgroup_attach

    def _error(self, doing: str, err: int, msgs: list[str]) -> AttachError:
        detail = f": {msgs[-1]}" if msgs else ""
        return AttachError(f"{doing} struct_ops map {self.name!r} ({self.type_name}) failed{detail}", err)
