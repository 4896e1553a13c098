"""pyoombpf.runtime: libbpf through cffi — objects, programs, maps, links, struct_ops, ring buffers, probes.

The only package that imports cffi.  See docs/runtime.md.  The names below are imported on first use: a process
that only uses what is already loaded (the bridge relay: :mod:`pyoombpf.runtime.bpfsys`,
:mod:`pyoombpf.runtime.maps`, :mod:`pyoombpf.runtime.process`) never maps cffi or libbpf.
"""

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pyoombpf.runtime.bpfsys import TestRun
    from pyoombpf.runtime.cgroup import CgroupFd
    from pyoombpf.runtime.codec import BytesCodec, Codec, IntCodec, StructCodec
    from pyoombpf.runtime.features import Features, features
    from pyoombpf.runtime.links import Link, StructOps
    from pyoombpf.runtime.maps import Map
    from pyoombpf.runtime.object import BpfObject, Program
    from pyoombpf.runtime.ringbuf import RingBuffer

_WHERE = {
    "BpfObject": "object",
    "BytesCodec": "codec",
    "CgroupFd": "cgroup",
    "Codec": "codec",
    "Features": "features",
    "IntCodec": "codec",
    "Link": "links",
    "Map": "maps",
    "Program": "object",
    "RingBuffer": "ringbuf",
    "StructCodec": "codec",
    "StructOps": "links",
    "TestRun": "bpfsys",
    "features": "features",
}


def __getattr__(name: str) -> object:
    if name in _WHERE:
        import importlib

        value = getattr(importlib.import_module(f"pyoombpf.runtime.{_WHERE[name]}"), name)
        if name != "features":
            globals()[name] = value
        return value
    raise AttributeError(f"module 'pyoombpf.runtime' has no attribute {name!r}")


class _Package(type(sys)):  # type: ignore[misc]
    """``pyoombpf.runtime.features`` is the function, as it was when this package imported everything eagerly:
    importing the submodule of the same name stores the submodule in the package's attribute, which this
    property ignores."""

    @property
    def features(self) -> object:
        return __getattr__("features")

    @features.setter
    def features(self, value: object) -> None:
        pass


sys.modules[__name__].__class__ = _Package


__all__ = [
    "BpfObject",
    "BytesCodec",
    "CgroupFd",
    "Codec",
    "Features",
    "IntCodec",
    "Link",
    "Map",
    "Program",
    "RingBuffer",
    "StructCodec",
    "StructOps",
    "TestRun",
    "features",
]
