"""Load a BPF object and report what the kernel says about one of its programs (benchmark helper, needs root).

:func:`loaded_stats` opens and loads the object through pyoombpf.runtime (timed), reads the program's
``verified_insns`` / xlated size, and — when a context is given — runs it with ``BPF_PROG_RUN`` under the
kernel's run-time accounting to give the in-kernel time per run.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from kinfo import RunTimeStats, prog_info

from pyoombpf.runtime import BpfObject


@dataclass(frozen=True)
class LoadedStats:
    verified: int
    xlated: int
    load_ms: str
    run_ns: str


def load_ms(elf: bytes, runs: int) -> list[float]:
    """Seconds per open+load of ``elf`` (after one untimed warm-up)."""
    out = []
    for i in range(runs + 1):
        start = time.perf_counter()
        with BpfObject.open(elf, "bench") as obj:
            obj.load()
        if i:
            out.append(time.perf_counter() - start)
    return out


def run_ns(obj: BpfObject, program: str, ctx: bytes, runs: int) -> float:
    """Mean in-kernel nanoseconds per ``BPF_PROG_RUN`` of ``program`` (kernel run-time accounting)."""
    prog = obj.program(program)
    with RunTimeStats():
        before = prog_info(prog.fd)
        for _ in range(runs):
            prog.test_run(ctx)
        after = prog_info(prog.fd)
    count = after.run_cnt - before.run_cnt
    return (after.run_time_ns - before.run_time_ns) / count if count else float("nan")


def loaded_stats(elf: bytes, program: str, ctx: bytes | None = None, runs: int = 30) -> LoadedStats:
    times = load_ms(elf, max(3, runs // 3))
    with BpfObject.open(elf, "bench") as obj:
        obj.load()
        info = prog_info(obj.program(program).fd)
        ns = f"{run_ns(obj, program, ctx, runs * 10):.0f}" if ctx is not None else "–"
    return LoadedStats(info.verified_insns, info.xlated_insns, f"{statistics.median(times) * 1e3:.2f}", ns)
