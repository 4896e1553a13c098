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

from harness import Stats, load_note, markdown_table, measure, measure_process, replace_section  # noqa: E402
from objstats import loaded_stats  # noqa: E402

from pyoombpf.elf import insn_count  # noqa: E402

SECTION = "Peers: clang and pythonbpf"
CACHE = Path(os.environ.get("PYOOMBPF_CACHE", "~/.cache/pyoombpf")).expanduser()
PY313 = CACHE / "llvm21" / "bin" / "python3.13"
SITE = CACHE / "pythonbpf-site"
CLANG = ["clang-19", "-O2", "-g", "-target", "bpf", "-I/usr/include/x86_64-linux-gnu", "-c"]

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


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        ours_elf, ours_warm, ours_cmd = compile_ours()
        clang_elf, clang_cmd = compile_clang(tmp)
        env = pythonbpf_env()
        pb = compile_pythonbpf(tmp, env) if env else None
    rows = [
        ["pyoombpf, in process (warm `compile()`)", ms(ours_warm), spread(ours_warm), ours_warm.n],
        ["pyoombpf, whole command (`pyoombpf compile`)", ms(ours_cmd), spread(ours_cmd), ours_cmd.n],
        ["clang-19 -O2 -g, whole command", ms(clang_cmd), spread(clang_cmd), clang_cmd.n],
    ]
    if pb:
        _, pb_warm, pb_ir, pb_cmd, pb_tools = pb
        rows += [
            [
                "pythonbpf, in process (warm: IR in process + `opt -O2` + `llc`)",
                ms(pb_warm),
                spread(pb_warm),
                pb_warm.n,
            ],
            ["  of which the IR in process (`compile_to_ir`)", ms(pb_ir), spread(pb_ir), pb_ir.n],
            ["pythonbpf, whole command (`python3.13 counter_pythonbpf.py`)", ms(pb_cmd), spread(pb_cmd), pb_cmd.n],
            ["floor: one LLVM 21 tool start (`opt --version`)", ms(pb_tools), spread(pb_tools), pb_tools.n],
        ]
    compile_table = markdown_table(["compile", "median ms", "p10–p90 ms", "runs"], rows)
    objects = {"pyoombpf": ours_elf, "clang-19 -O2": clang_elf}
    if pb:
        objects["pythonbpf 0.2 (LLVM 21)"] = pb[0]
    code_rows = []
    for name, elf in objects.items():
        st = loaded_stats(elf, "bump", ctx=(5).to_bytes(8, "little") + bytes(8), runs=ARGS.runs * 3)
        code_rows.append([name, insn_count(elf), st.verified, st.xlated, st.load_ms, st.run_ns])
    code_table = markdown_table(
        ["object", "insn slots", "verifier processed", "after verifier (xlated)", "open+load ms (median)", "run ns"],
        code_rows,
    )
    body = f"{INTRO}\n\n{load_note()}\n\n{compile_table}\n\n{code_table}\n\n{ANALYSIS}"
    if not pb:
        body += "\n\npythonbpf did not run: `benchmarks/setup_peers.sh` has not installed it (see that script)."
    print(f"## {SECTION}\n\n{body}")
    if ARGS.write:
        replace_section(str(ROOT / "docs" / "benchmarks.md"), SECTION, body)
    return 0


INTRO = (
    "One SYSCALL program the three compilers can all express (`benchmarks/peers/counter_{pyoombpf,pythonbpf}.py`, "
    "`counter.bpf.c`): a 32-step loop over a seed, then a hash-map counter.  pythonbpf has no kfuncs, cgroup or "
    "task iterators, or struct_ops, so the OOM policies themselves cannot be written in it.  pythonbpf 0.2.0 "
    "needs Python >= 3.12 and LLVM >= 21 binaries, neither in Debian 12: `benchmarks/setup_peers.sh` unpacks "
    "Debian trixie's Python 3.13 and trixie-backports' LLVM 21.1.8 into `~/.cache/pyoombpf/llvm21` (run with "
    "trixie's own glibc) and pythonbpf's CPython 3.13 wheels into `~/.cache/pyoombpf/pythonbpf-site`.  Every "
    'object is loaded by the same loader (pyoombpf.runtime, libbpf 1.1); "verifier processed" is the kernel\'s '
    '`verified_insns` (the "processed N insns" of the verifier log); "run ns" is the kernel\'s own run-time '
    "accounting (`BPF_ENABLE_STATS`) per `BPF_PROG_RUN`.  Rerun: `.venv/bin/python benchmarks/bench_peers.py`."
)

ANALYSIS = (
    "**Compile.** Whole command, pyoombpf is slower than clang-19 on this small C file and about level with "
    "pythonbpf: each of the three pays a process start, and ours also starts Python, imports llvmlite and the "
    "compiler and reads the kernel's BTF index (the floors are in the compile section above).  In process, "
    "pyoombpf needs no process at all, while pythonbpf still starts `opt` and `llc` per compile (the floor row), "
    "so a warm `compile()` is faster than pythonbpf's in-process path; it is not 10x faster than a clang "
    "process.  The target (10x ahead of clang's whole process and of pythonbpf) is missed on the whole command "
    "and met only against pythonbpf's process-per-stage design where the ratio column says so.  What would close "
    "the gap: a resident compiler (a `pyoombpf` daemon or the library API, which is what the policy runner "
    "uses), a lowering that builds less debug metadata, and an LLVM pipeline reduced to the passes BPF needs "
    "(the new-PM -O2 pipeline is most of `emit_object`).\n\n"
    "**Code.** pyoombpf lowers a `while` loop to the kernel's open-coded `bpf_iter_num` iterator (so the "
    "verifier does not unroll it), clang and pythonbpf emit a plain counted loop that the verifier walks "
    "32 times.  That is why our object has more instructions but the verifier processes far fewer of them; the "
    "iterator calls (`bpf_iter_num_next` per step) are also why our run time is higher on a 32-step loop.  "
    "What would close the instruction gap: lower `while i < CONST` loops with a constant bound to a plain "
    "counted loop when the bound is small, keeping the iterator for large or unknown bounds."
)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    ARGS = ap.parse_args()
    raise SystemExit(main())
