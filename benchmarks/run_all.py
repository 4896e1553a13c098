"""``make bench``: run every benchmark and update docs/benchmarks.md (each script owns one section).

.venv/bin/python benchmarks/run_all.py [--quick]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from harness import machine_table, replace_section  # noqa: E402

DOC = ROOT / "docs" / "benchmarks.md"


def run(script: str, *args: str) -> str:
    print(f"[bench] {script} {' '.join(args)}", flush=True)
    r = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args], capture_output=True, text=True, cwd=ROOT
    )
    if r.returncode != 0:
        raise SystemExit(f"{script} failed:\n{r.stderr[-3000:]}")
    return r.stdout


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="fewer repetitions (for a smoke run)")
    ap.add_argument("--no-vm", action="store_true", help="skip the struct_ops measurements in the test VM")
    args = ap.parse_args()
    runs = ["--runs", "5"] if args.quick else []
    run("bench_compile.py", "--write", *runs, *(["--cli-runs", "3"] if args.quick else []))
    run("bench_codegen.py", "--write")
    run("bench_verifier.py", "--write", *([] if args.no_vm else ["--vm"]))
    run("bench_peers.py", "--write", *(["--runs", "3"] if args.quick else []))
    run("bench_bridge.py", "--write", *(["--ooms", "5", "--sizes", "10,100,1000"] if args.quick else []))
    runtime = run("bench_runtime.py", *runs)
    replace_section(
        str(DOC),
        "Load, attach and ring buffers",
        "Reproduce: `.venv/bin/python benchmarks/bench_runtime.py` (as root).\n\n" + runtime.strip(),
    )
    btf = run("bench_btf.py", *(["--runs", "3"] if args.quick else []))
    replace_section(
        str(DOC),
        "Kernel type lookups (BTF)",
        "Reproduce: `.venv/bin/python benchmarks/bench_btf.py`.\n\n```\n" + btf.strip() + "\n```",
    )
    simulate = ROOT / "benchmarks" / "bench_simulate.py"
    if simulate.exists():
        run("bench_simulate.py", "--write")
    replace_section(str(DOC), "Machine", machine_table())
    print(f"[bench] updated {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
