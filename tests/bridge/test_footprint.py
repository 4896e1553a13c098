"""What stays resident: the relay and its watchdog run for days with their memory locked, so they import only what
they use (docs/design.md, *The relay's footprint*).  These tests check the imports, not sizes: sizes are measured
in benchmarks/bench_bridge.py."""

from __future__ import annotations

import errno
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pyoombpf.bridge.loader import describe, load_in_child, rebuild
from pyoombpf.bridge.loading import LoadTimeoutError
from pyoombpf.bridge.watchdog import decode, encode
from pyoombpf.errors import KernelError, NotSupportedError, PyoombpfError, VerifierError

PACKAGE_PARENT = str(Path(__import__("pyoombpf").__file__).resolve().parents[1])

#: never in a relay process: the loader (cffi, libbpf), the compiler and the BTF reader, and the standard library
#: modules that cost a MiB or more each for nothing the relay needs
NOT_IN_THE_RELAY = (
    "cffi",
    "_cffi_backend",
    "llvmlite",
    "pyoombpf.btf",
    "pyoombpf.compiler",
    "pyoombpf.dsl",
    "pyoombpf.runtime.object",
    "pyoombpf.runtime._ffi",
    "dataclasses",
    "typing",
    "subprocess",
    "threading",
    "socket",
    "base64",
    "pickle",
    "inspect",
)
#: and not in the watchdog either
NOT_IN_THE_WATCHDOG = (*NOT_IN_THE_RELAY, "json", "re", "contextlib", "ctypes.util", "pyoombpf.bridge.relay")


def modules_after(imports: list[str]) -> set[str]:
    """``sys.modules`` of a fresh ``python -I -S`` (no site: what it imports is what pyoombpf imports) after
    importing ``imports``."""
    code = (
        f"import sys; sys.path.insert(0, {PACKAGE_PARENT!r})\n"
        f"for m in {imports!r}: __import__(m)\n"
        "print(' '.join(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-I", "-S", "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_the_relay_process_imports_nothing_heavy() -> None:
    found = modules_after(
        [
            "pyoombpf.bridge.policy",
            "pyoombpf.bridge.precompile",
            "pyoombpf.bridge.relay",
            "pyoombpf.bridge.relay_v2",
            "pyoombpf.bridge.release",
        ]
    )
    assert "pyoombpf.bridge.loader" in found and "pyoombpf.runtime.bpfsys" in found
    heavy = sorted(m for m in found if any(m == h or m.startswith(h + ".") for h in NOT_IN_THE_RELAY))
    assert not heavy, f"the relay process imports {heavy} (see docs/design.md, The relay's footprint)"


def test_the_watchdog_imports_nothing_heavy() -> None:
    found = modules_after(["pyoombpf.bridge.watchdog"])
    heavy = sorted(m for m in found if any(m == h or m.startswith(h + ".") for h in NOT_IN_THE_WATCHDOG))
    assert not heavy, f"the watchdog imports {heavy} (see docs/design.md, The relay's footprint)"


def test_watchdog_messages_survive_any_path() -> None:
    odd = "/sys/fs/cgroup/memory/a b\nc\\d\x1b-\u00e9"
    for msg in (
        ("watch", 7, odd, 0),
        ("ready", 42, "mlockall", None, "realtime", "EPERM"),
        ("released", 7, odd, 1.5, 3, 0),
    ):
        assert decode(encode(*msg)) == list(msg)
    assert encode("watch", 7, odd, 0).count(b"\n") == 1
    assert decode(b"not a message \xff") is None


def test_errors_of_the_loading_helper_come_back_as_themselves() -> None:
    """The relay raises what loading in its own process would have raised: the class, the fields, the text."""
    verifier = VerifierError(
        "largest_leaf",
        "R1 invalid mem access 'scalar'",
        "0: (b7) r1 = 0\n...",
        errno.EACCES,
        "p.py",
        12,
        "    x = 1",
        5,
    )
    not_supported = NotSupportedError("kfunc bpf_foo", "Linux 7.0+ has it", "use bridge mode")
    timeout = LoadTimeoutError("error: loading took too long", "slow", 3.0)
    for exc in (verifier, not_supported, timeout, KernelError("plain")):
        back = rebuild(json.loads(json.dumps(describe(exc))), "p")
        assert type(back) is type(exc) and str(back) == str(exc)
        assert json.dumps(vars(back), sort_keys=True) == json.dumps(vars(exc), sort_keys=True)  # tuples are lists
    assert isinstance(rebuild(describe(ValueError("boom")), "p"), PyoombpfError)
    assert "ValueError: boom" in str(rebuild(describe(ValueError("boom")), "p"))


@pytest.mark.kernel
def test_the_loading_helper_hands_over_programs_and_maps_that_work_here() -> None:
    """What the program writes, this process reads through the fds it was handed, and the other way round."""
    import struct

    from pyoombpf.runtime.codec import IntCodec, StructCodec
    from pyoombpf.runtime.testing import compile_c, kernel_skip_reason

    if (why := kernel_skip_reason()) is not None:
        pytest.skip(why)
    events: list[object] = []
    with load_in_child(compile_c("syscall_maps.c"), "syscall_maps", 30.0, events.append) as held:
        assert {"counters", "table", "percpu"} <= set(held.map_names())
        run = held.program("add").test_run(struct.pack("<QQQQ", 2, 3, 0, 0))
        assert run.retval == 7 and struct.unpack("<QQQQ", run.ctx_out)[2:] == (5, 1)
        assert held.map("counters", key=IntCodec(4), value=IntCodec(8))[0] == 1
        assert sum(held.map("percpu", key=IntCodec(4), value=IntCodec(8))[0]) == 1
        table = held.map("table", key=IntCodec(4), value=StructCodec("<II"))
        table[9] = (4, 2)
        found = held.program("lookup").test_run(struct.pack("<IIII", 9, 0, 0, 0))
        assert found.retval == 1 and struct.unpack("<IIII", found.ctx_out) == (9, 1, 4, 2)
        assert list(table.items()) == [(9, (4, 2))]
        with pytest.raises(KeyError, match="has no map 'nope'"):
            held.map("nope")
    assert not held.loaded
    assert events == []  # a quick load sends no progress
