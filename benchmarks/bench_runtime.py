"""Runtime benchmark: compiled bytes -> loaded (and attached) program, BPF_PROG_RUN latency, ring-buffer
throughput into Python.  Needs root, clang-19 and bpftool (for the C test programs).

    sudo .venv/bin/python benchmarks/bench_runtime.py [--runs 50] [--records 100000]

Prints a markdown table (median and 90th percentile of repeated runs).
"""

from __future__ import annotations

import argparse
import os
import statistics
import struct
import time
from collections.abc import Callable

from pyoombpf.runtime import BpfObject, RingBuffer, StructCodec, _ffi
from pyoombpf.runtime.testing import compile_c


def _timed(fn: Callable[[], object], runs: int) -> list[float]:
    fn()  # warm-up: vmlinux BTF parse, page cache, cffi type cache
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def _load_syscall(elf: bytes) -> Callable[[], object]:
    def run() -> None:
        with BpfObject.open(elf, "bench") as obj:
            obj.load()
            obj.program("add").test_run(struct.pack("<QQQQ", 1, 2, 0, 0))

    return run


def _load_attach_raw_tp(elf: bytes) -> Callable[[], object]:
    def run() -> None:
        with BpfObject.open(elf, "bench") as obj:
            obj.set_rodata("target_tgid", os.getpid().to_bytes(4, "little"))
            for prog in obj.programs():
                prog.autoload = prog.name == "on_raw_tp"
            obj.load()
            obj.program("on_raw_tp").attach().close()

    return run


def _load_register_struct_ops(elf: bytes) -> Callable[[], object]:
    def run() -> None:
        with BpfObject.open(elf, "bench") as obj:
            obj.load()
            obj.struct_ops("pyo_cc").register().close()

    return run


def _prog_run_latency(elf: bytes, calls: int) -> float:
    with BpfObject.open(elf, "bench") as obj:
        obj.load()
        prog = obj.program("add")
        ctx = struct.pack("<QQQQ", 1, 2, 0, 0)
        start = time.perf_counter()
        for _ in range(calls):
            prog.test_run(ctx)
        return (time.perf_counter() - start) / calls


def _ringbuf_rate(elf: bytes, records: int, callback: bool) -> float:
    codec = StructCodec("QII")
    with BpfObject.open(elf, "bench") as obj:
        obj.load()
        sink: list[object] = []
        rb = RingBuffer(obj.map("events"), decode=codec, callback=sink.append if callback else None)
        with rb:
            obj.program("burst").test_run(struct.pack("<QQ", records, 0))
            start = time.perf_counter()
            got = len(rb.drain()) if not callback else rb.consume()
            elapsed = time.perf_counter() - start
        if got != records or rb.lost:
            raise RuntimeError(f"ring buffer delivered {got} of {records} records")
        return records / elapsed


def _ms(samples: list[float]) -> str:
    q = statistics.quantiles(samples, n=10)
    return f"{statistics.median(samples) * 1e3:.2f} ms | {q[-1] * 1e3:.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--records", type=int, default=100_000)
    args = parser.parse_args()
    syscall, tracing, cc, ring = (compile_c(n) for n in ("syscall_maps.c", "tracing.c", "tcp_cc.c", "ringbuf.c"))
    cases = [
        ("bytes -> loaded SYSCALL program + 1 run (3 maps, 2 programs)", _load_syscall(syscall)),
        ("bytes -> loaded + attached raw_tp program (1 map)", _load_attach_raw_tp(tracing)),
        ("bytes -> loaded + registered struct_ops (tcp_congestion_ops)", _load_register_struct_ops(cc)),
    ]
    rows = [(name, _ms(_timed(fn, args.runs))) for name, fn in cases]
    kernel = os.uname().release
    print(f"libbpf {_ffi.LIBBPF_VERSION_STRING} ({_ffi.LIBBPF_PATH}), kernel {kernel}, {args.runs} runs\n")
    print("| operation | median | p90 |\n|---|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    latency = _prog_run_latency(syscall, 20_000)
    print(f"\n| BPF_PROG_RUN of a SYSCALL program from Python | {latency * 1e6:.2f} µs per call |\n|---|---|")
    print(f"\n| ring buffer -> Python ({args.records:,} records of 16 bytes) | records/s |\n|---|---|")
    for callback in (False, True):
        rates = [_ringbuf_rate(ring, args.records, callback) for _ in range(5)]
        mode = "callback" if callback else "queue (drain)"
        print(f"| {mode}, decoded to tuples | {statistics.median(rates):,.0f} |")


if __name__ == "__main__":
    main()
