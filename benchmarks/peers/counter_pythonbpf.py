"""The peer-comparison program (see counter_pyoombpf.py) in pythonbpf's language (pythonbpf 0.2, Python >= 3.12).

pythonbpf cannot read a SYSCALL program's context, so the seed is bpf_get_prandom_u32(); its maps have no
in-place add, so the counter is a lookup then an update.  Compiling: ``python counter_pythonbpf.py [OUT.o]``.
"""

import sys
from ctypes import c_int64, c_uint64, c_void_p

from pythonbpf import bpf, bpfglobal, compile_to_ir, map, section
from pythonbpf.codegen import _run_llc
from pythonbpf.helper import random
from pythonbpf.maps import HashMap


@bpf
@map
def counts() -> HashMap:
    return HashMap(key=c_uint64, value=c_uint64, max_entries=1024)


@bpf
@section("syscall")
def bump(ctx: c_void_p) -> c_int64:
    seed = random()
    total = 0
    i = 0
    while i < 32:
        if (seed + i) % 3 == 0:  # noqa: SIM108 (the same shape in all three languages)
            total = total + i * 7
        else:
            total = total + 1
        i = i + 1
    key = total % 16
    prev = counts.lookup(key)
    if prev:
        counts.update(key, prev + total)
    else:
        counts.update(key, total)
    return 0


@bpf
@bpfglobal
def LICENSE() -> str:
    return "GPL"


def build(out: str) -> None:
    """What pythonbpf.compile() does (IR in process, then opt -O2 and llc), with the output path chosen."""
    ll = out.removesuffix(".o") + ".ll"
    compile_to_ir(__file__, ll)
    if not _run_llc(ll, out):
        raise SystemExit("llc failed")


if __name__ == "__main__":
    build(sys.argv[1] if len(sys.argv) > 1 else "/tmp/counter_pythonbpf.o")
