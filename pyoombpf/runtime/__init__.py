"""pyoombpf.runtime: libbpf through cffi — objects, programs, maps, links, struct_ops, ring buffers, probes.

The only package that imports cffi.  See docs/runtime.md.
"""

from pyoombpf.runtime.cgroup import CgroupFd
from pyoombpf.runtime.codec import BytesCodec, Codec, IntCodec, StructCodec
from pyoombpf.runtime.features import Features, features
from pyoombpf.runtime.links import Link, StructOps
from pyoombpf.runtime.maps import Map
from pyoombpf.runtime.object import BpfObject, Program, TestRun
from pyoombpf.runtime.ringbuf import RingBuffer

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
