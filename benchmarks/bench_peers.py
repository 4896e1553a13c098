"""pyoombpf against its peers on one program all three can express: clang -O2 (C) and pythonbpf (Python).

The program (``benchmarks/peers/counter_*``): a SYSCALL program with a 32-step loop over a seed and a hash-map
counter.  pythonbpf has no kfuncs, no cgroup/task iterators, no struct_ops and no CO-RE access to kernel
structs beyond its vmlinux imports, so it cannot express the OOM policies themselves; this is the largest common
ground.  Measured: compile latency (in process and as a whole command), instruction slots, the verifier's
processed instructions, and open+load time of each object through the same loader (pyoombpf.runtime).

    .venv/bin/python benchmarks/bench_peers.py [--runs N] [--write]     (root for the kernel columns)

The peers are installed by ``benchmarks/setup_peers.sh`` (run by ``make bench``).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
PEERS = BENCH / "peers"
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(PEERS))

from harness import (  # noqa: E402
    Stats,
    load_note,
    markdown_table,
    measure,
    measure_process,
    measure_processes_alternating,
    publish_results,
    replace_section,
)
from objstats import loaded_stats  # noqa: E402

from pyoombpf.elf import insn_count  # noqa: E402

SECTION = "Peers: clang and pythonbpf"
CACHE = Path(os.environ.get("PYOOMBPF_CACHE", "~/.cache/pyoombpf")).expanduser()
PY313 = CACHE / "llvm21" / "bin" / "python3.13"
SITE = CACHE / "pythonbpf-site"
CLANG = ["clang-19", "-O2", "-g", "-target", "bpf", "-mcpu=v3", "-I/usr/include/x86_64-linux-gnu", "-c"]
POLICIES = ("largest_leaf", "oomd_like")

# Runs under pythonbpf's Python 3.13: warm in-process builds (IR in process, opt + llc as pythonbpf runs them).
_PYTHONBPF_DRIVER = """
import json, logging, sys, time
sys.path.insert(0, {peers!r})
from pythonbpf import compile_to_ir
from pythonbpf.codegen import _run_llc
import counter_pythonbpf as m
def ir(): compile_to_ir(m.__file__, "/tmp/pyoombpf-bench-pb.ll", loglevel=logging.WARNING)
def full(): ir(); _run_llc("/tmp/pyoombpf-bench-pb.ll", "/tmp/pyoombpf-bench-pb.o")
out = {{}}
for name, fn in (("ir", ir), ("full", full)):
    for _ in range(2): fn()
    ts = []
    for _ in range({runs}):
        t = time.perf_counter(); fn(); ts.append(time.perf_counter() - t)
    out[name] = ts
print(json.dumps(out))
"""


def pythonbpf_env() -> dict[str, str] | None:
    if not (PY313.exists() and (SITE / "pythonbpf").is_dir()):
        return None
    env = dict(os.environ, PYTHONPATH=str(SITE), PATH=f"{PY313.parent}:{os.environ.get('PATH', '')}")
    env.pop("PYTHONHOME", None)
    return env


def compile_ours() -> tuple[bytes, Stats, Stats]:
    import counter_pyoombpf

    from pyoombpf import compile as pcompile

    elf = pcompile(counter_pyoombpf.bump).elf
    warm = measure(lambda: pcompile(counter_pyoombpf.bump), runs=ARGS.runs * 3)
    cli = [str(ROOT / ".venv" / "bin" / "pyoombpf"), "compile", str(PEERS / "counter_pyoombpf.py")]
    cmd = measure_process([*cli, "--function", "bump", "-o", "/tmp/pyoombpf-bench-ours.o", "-q"], runs=ARGS.runs)
    return elf, warm, cmd


def compile_clang(tmp: Path) -> tuple[bytes, Stats]:
    out = tmp / "counter_c.o"
    cmd = measure_process([*CLANG, str(PEERS / "counter.bpf.c"), "-o", str(out)], runs=ARGS.runs)
    return out.read_bytes(), cmd


def compile_pythonbpf(tmp: Path, env: dict[str, str]) -> tuple[bytes, Stats, Stats, Stats, Stats]:
    out = tmp / "counter_pb.o"
    argv = [str(PY313), str(PEERS / "counter_pythonbpf.py"), str(out)]
    cmd = measure_process(argv, runs=ARGS.runs, env=env)
    tools = measure_process([str(PY313.parent / "opt"), "--version"], runs=ARGS.runs, env=env)
    code = _PYTHONBPF_DRIVER.format(peers=str(PEERS), runs=ARGS.runs * 3)
    res = subprocess.run([str(PY313), "-c", code], env=env, capture_output=True, text=True, check=False)
    if res.returncode != 0:
        raise RuntimeError(f"pythonbpf in-process driver failed:\n{res.stderr[-2000:]}")
    warm = json.loads(res.stdout.strip().splitlines()[-1])
    return out.read_bytes(), Stats(tuple(warm["full"])), Stats(tuple(warm["ir"])), cmd, tools


def ms(s: Stats | None) -> str:
    return "–" if s is None else f"{s.median * 1e3:.1f}"


def spread(s: Stats | None) -> str:
    return "–" if s is None else f"{s.p10 * 1e3:.1f}–{s.p90 * 1e3:.1f}"


def policy_rows(tmp: Path) -> tuple[list[list[object]], dict[str, float], dict[str, float]]:
    """The example policies: ours in process and as a command against clang-19 on src_c/policies/ (struct_ops).
    The command runs without the object cache (``PYOOMBPF_OBJECT_CACHE=0``: LLVM every time) and with it (after
    the warm-up run stored the object: every measured run a hit).  Returns the rows, clang over ours in process,
    and ours as a command over clang (cached) by policy."""
    import importlib

    from pyoombpf import compile as pcompile

    sys.path.insert(0, str(ROOT / "examples"))
    rows: list[list[object]] = []
    ratios: dict[str, float] = {}
    cmd_ratios: dict[str, float] = {}
    for name in POLICIES:
        fn = getattr(importlib.import_module(name), name)
        warm = measure(functools.partial(pcompile, fn), runs=ARGS.runs * 3)
        argv = [str(ROOT / ".venv" / "bin" / "pyoombpf"), "compile", str(ROOT / "examples" / f"{name}.py")]
        argv += ["-o", str(tmp / "ours.o"), "-q"]
        envs = [{**os.environ, "PYOOMBPF_OBJECT_CACHE": v} for v in ("0", "1")]
        cold, cached = measure_processes_alternating(argv, envs, runs=ARGS.runs)
        src = ROOT / "src_c" / "policies" / f"{name}.bpf.c"
        clang = measure_process(
            [*CLANG, "-Wall", "-D__TARGET_ARCH_x86", str(src), "-o", str(tmp / "c.o")], runs=ARGS.runs
        )
        rows.append(
            [
                name,
                ms(warm),
                ms(cold),
                ms(cached),
                ms(clang),
                f"{clang.median / warm.median:.1f}x",
                f"{cold.median / clang.median:.2f}x / {cached.median / clang.median:.2f}x",
            ]
        )
        ratios[name] = clang.median / warm.median
        cmd_ratios[name] = cached.median / clang.median
        cmd_ratios[name + " (no cache)"] = cold.median / clang.median
    return rows, ratios, cmd_ratios


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        ours_elf, ours_warm, ours_cmd = compile_ours()
        clang_elf, clang_cmd = compile_clang(tmp)
        env = pythonbpf_env()
        pb = compile_pythonbpf(tmp, env) if env else None
        policies, policy_ratio, cmd_ratio = policy_rows(tmp)
    rows = [
        ["pyoombpf, in process (warm `compile()`)", ms(ours_warm), spread(ours_warm), ours_warm.n],
        ["pyoombpf, whole command (`pyoombpf compile`)", ms(ours_cmd), spread(ours_cmd), ours_cmd.n],
        ["clang-19 -O2 -g -mcpu=v3, whole command", ms(clang_cmd), spread(clang_cmd), clang_cmd.n],
    ]
    if pb:
        _, pb_warm, pb_ir, pb_cmd, pb_tools = pb
        rows += [
            ["pythonbpf, in process (IR in process + `opt -O2` + `llc`)", ms(pb_warm), spread(pb_warm), pb_warm.n],
            ["  of which the IR in process (`compile_to_ir`)", ms(pb_ir), spread(pb_ir), pb_ir.n],
            ["pythonbpf, whole command (`python3.13 counter_pythonbpf.py`)", ms(pb_cmd), spread(pb_cmd), pb_cmd.n],
            ["floor: one LLVM 21 tool start (`opt --version`)", ms(pb_tools), spread(pb_tools), pb_tools.n],
        ]
    compile_table = markdown_table(["compile the peer program", "median ms", "p10–p90 ms", "runs"], rows)
    policy_table = markdown_table(
        [
            "example policy (struct_ops)",
            "pyoombpf in process ms",
            "pyoombpf command ms, no object cache",
            "pyoombpf command ms, object cache hit",
            "clang-19 command ms",
            "clang command / ours in process",
            "our command / clang command (no cache / hit)",
        ],
        policies,
    )
    objects = {"pyoombpf": ours_elf, "clang-19 -O2": clang_elf}
    if pb:
        objects["pythonbpf 0.2 (LLVM 21)"] = pb[0]
    code_rows = []
    verified: dict[str, int] = {}
    slots: dict[str, int] = {}
    for name, elf in objects.items():
        st = loaded_stats(elf, "bump", ctx=(5).to_bytes(8, "little") + bytes(8), runs=ARGS.runs * 3)
        verified[name] = st.verified
        slots[name] = insn_count(elf)
        code_rows.append([name, insn_count(elf), st.verified, st.xlated, st.load_ms, st.run_ns])
    code_table = markdown_table(
        ["object", "insn slots", "verifier processed", "after verifier (xlated)", "open+load ms (median)", "run ns"],
        code_rows,
    )
    results = {
        "peer_ours_warm_ms": ours_warm.median * 1e3,
        "peer_ours_cmd_ms": ours_cmd.median * 1e3,
        "peer_clang_cmd_ms": clang_cmd.median * 1e3,
        "policy_clang_over_ours_warm": min(policy_ratio.values()),
        "policy_ours_cmd_over_clang": cmd_ratio,
        "peer_code": {
            "peer_insns": slots["pyoombpf"] / slots["clang-19 -O2"],
            "peer_verified": verified["pyoombpf"] / max(verified["clang-19 -O2"], 1),
        },
    }
    if pb:
        results["peer_pythonbpf_cmd_ms"] = pb[3].median * 1e3
        results["peer_pythonbpf_warm_ms"] = pb[1].median * 1e3
    parts = [INTRO, load_note(), "The example policies (pythonbpf cannot express them):", policy_table]
    parts += ["The peer program, all three compilers:", compile_table, code_table, analysis(results)]
    if not pb:
        parts.append("pythonbpf did not run: `benchmarks/setup_peers.sh` has not installed it (see that script).")
    body = "\n\n".join(parts)
    print(f"## {SECTION}\n\n{body}")
    publish_results("peers", results, ARGS.write)
    if ARGS.write:
        replace_section(str(ROOT / "docs" / "benchmarks.md"), SECTION, body)
    return 0


INTRO = (
    "Compile latency against clang-19 (the C policies in `src_c/policies/`) and, on one SYSCALL program all three "
    "compilers can express (`benchmarks/peers/counter_{pyoombpf,pythonbpf}.py`, `counter.bpf.c`: a 32-step loop "
    "over a seed, then a hash-map counter), against pythonbpf.  pythonbpf has no kfuncs, cgroup or task "
    "iterators, or struct_ops, so the OOM policies themselves cannot be written in it.  pythonbpf 0.2.0 needs "
    "Python >= 3.12 (its sources use PEP 701 f-strings; its metadata claims >= 3.10) and LLVM >= 21 `opt`/`llc`, "
    "neither in Debian 12: `benchmarks/setup_peers.sh` unpacks Debian trixie's Python 3.13 and trixie-backports' "
    "LLVM 21.1.8 into `~/.cache/pyoombpf/llvm21` (run with trixie's own glibc, nothing installed system-wide) "
    "and pythonbpf's CPython 3.13 wheels into `~/.cache/pyoombpf/pythonbpf-site`.  Every object is loaded by "
    'the same loader (pyoombpf.runtime, libbpf 1.1); "verifier processed" is the kernel\'s `verified_insns`; '
    '"run ns" is the kernel\'s own run-time accounting (`BPF_ENABLE_STATS`) per `BPF_PROG_RUN`.  Rerun: '
    "`.venv/bin/python benchmarks/bench_peers.py` (root for the load and run columns)."
)


def analysis(r: dict[str, float]) -> str:
    ours_warm, ours_cmd, clang = r["peer_ours_warm_ms"], r["peer_ours_cmd_ms"], r["peer_clang_cmd_ms"]
    text = (
        f"**Compile.** In process, a warm `compile()` is {clang / ours_warm:.1f}x faster than a clang-19 process "
        f"on the peer program and {r['policy_clang_over_ours_warm']:.1f}x (worst of the two) on the example "
        "policies: the target (10x) is missed.  As a whole command pyoombpf is "
        f"{ours_cmd / clang:.1f}x *slower* than clang: it starts Python, imports llvmlite and the compiler and "
        "reads the kernel's BTF index before compiling (the floors are in the compile section)."
    )
    if "peer_pythonbpf_cmd_ms" in r:
        pb_cmd, pb_warm = r["peer_pythonbpf_cmd_ms"], r["peer_pythonbpf_warm_ms"]
        text += (
            f"  Against pythonbpf: our whole command is {pb_cmd / ours_cmd:.1f}x faster than pythonbpf's, and in "
            f"process {pb_warm / ours_warm:.1f}x faster — pythonbpf starts `opt` and `llc` as two processes per "
            "compile (the floor row), which no in-process work can hide."
        )
    text += (
        "  What would close the gap to 10x: most of a warm compile is LLVM's new-PM -O2 pipeline and the "
        "lowering's debug metadata (see the compile section).  The pipeline has little to give (the compile "
        "pipeline section measures its levers); the object cache skips LLVM altogether when the module was "
        "compiled before (the hit column), which leaves starting Python, the imports, reading the kernel's BTF "
        "index and the Python half of the compile — a resident compiler would remove the first three.\n\n"
        "**Code.** pyoombpf lowers a `while` loop to the kernel's open-coded `bpf_iter_num` iterator, where clang "
        "and pythonbpf emit a plain counted loop: our object is larger, the verifier walks more instructions "
        "(iterator calls and state each step), each run pays a kfunc call per step, and loading needs libbpf to "
        "parse the kernel's BTF to resolve the kfuncs (≈10 ms; the same program without a loop loads in "
        "≈0.4 ms).  What would close it: lower `while` loops with a small constant bound to counted loops and keep "
        "the iterator for large or unknown bounds."
    )
    return text


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    ARGS = ap.parse_args()
    raise SystemExit(main())
