"""Where the time of one whole ``pyoombpf compile`` goes: a timeline of the parent and of LLVM's child.

Each run starts the installed ``pyoombpf`` script under a driver (``python -S``; the driver runs ``site`` itself)
that marks, without changing pyoombpf's code, when the interpreter is up, when chosen modules finish importing,
when the command forks LLVM's child, runs the policy file, finishes each compile step and the IR text, hands the
IR over and gets the object back, and when each process exits; the child marks its LLVM imports, its target
machine and its emission.  Every mark has the wall time since the harness spawned the command and the CPU time of
the process so far.  Medians over the runs.

    .venv/bin/python benchmarks/cmd_timeline.py [--runs N] [--policy largest_leaf] [--cache 0|1]

The object cache is off by default (``--cache 1``: on; after the first run, every run is a hit).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from harness import ensure_bytecode, load_note  # noqa: E402

#: runs in the measured process (python -S DRIVER MARKS SCRIPT ARGS...)
DRIVER = r"""
import os, sys, time
_out, _me = sys.argv[1], os.getpid()
def mark(label):
    child = "" if os.getpid() == _me else "[child] "
    with open(_out, "a") as f:
        f.write(f"{time.time():.6f} {time.process_time():.6f} {child}{label}\n")
mark("interpreter up")
import importlib._bootstrap as _b
_find_and_load = _b._find_and_load
_WATCH = {"site", "pyoombpf.cli", "pyoombpf.compiler", "pyoombpf.codegen.emit", "llvmlite.binding",
          "pyoombpf.lowering.module", "pyoombpf.lowering.targets"}
def _patch(name, mod):
    if name == "pyoombpf.cli":
        f = mod.cmd_compile
        def cmd_compile(args):
            mark("cmd_compile called")
            return f(args)
        mod.cmd_compile = cmd_compile
    elif name == "pyoombpf.codegen.warm":
        prep = mod.prepare
        def prepare(*a, **k):
            r = prep(*a, **k)
            mark("prepared (forked)" if r.backend is not None else "prepared (no child)")
            return r
        mod.prepare = prepare
        emit = mod.Backend.emit
        def backend_emit(self, ir_text):
            mark("IR sent to the child")
            try:
                return emit(self, ir_text)
            finally:
                mark("object back from the child")
        mod.Backend.emit = backend_emit
        child = mod._child
        def _child(*a):
            mark("forked")
            child(*a)
        mod._child = _child
    elif name == "pyoombpf.files":
        imp = mod.import_file
        def import_file(path):
            try:
                return imp(path)
            finally:
                mark("policy file run")
        mod.import_file = import_file
    elif name == "pyoombpf.compiler":
        def wrap(label, step):
            def run(job):
                step(job)
                mark(f"step {label}")
                if label == "entry" and getattr(job, "ml", None) is not None:
                    finish = job.ml.finish
                    def fin():
                        try:
                            return finish()
                        finally:
                            mark("IR text")
                    job.ml.finish = fin
            return run
        mod.STEPS = tuple((n, wrap(n, s)) for n, s in mod.STEPS)
    elif name == "pyoombpf.codegen.emit":
        tm = mod._target_machine
        def target_machine():
            r = tm()
            mark("target machine ready")
            return r
        mod._target_machine = target_machine
        eo = mod.emit_object
        def emit_object(*a, **k):
            mark("emit_object starts")
            try:
                return eo(*a, **k)
            finally:
                mark("emit_object done")
        mod.emit_object = emit_object
def _hook(name, imp):
    new = name not in sys.modules
    mod = _find_and_load(name, imp)
    if new:
        if name in _WATCH:
            mark(f"imported {name}")
        _patch(name, mod)
    return mod
_b._find_and_load = _hook
_exit = os._exit
def _os_exit(status):
    mark("os._exit")
    _exit(status)
os._exit = _os_exit
import atexit
atexit.register(lambda: mark("atexit (teardown starts)"))
import site
site.main()
mark("site done")
sys.argv = sys.argv[2:]
import runpy
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def run_once(argv: list[str], env: dict[str, str], marks: Path) -> list[tuple[str, float, float]]:
    marks.unlink(missing_ok=True)
    t0 = time.time()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
    t1 = time.time()
    rows = []
    for line in marks.read_text().splitlines():
        wall, cpu, label = line.split(" ", 2)
        rows.append((label, (float(wall) - t0) * 1e3, float(cpu) * 1e3))
    rows.append(("exit seen by the caller", (t1 - t0) * 1e3, float("nan")))
    return rows


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=15)
    p.add_argument("--policy", default="largest_leaf")
    p.add_argument("--cache", choices=["0", "1"], default="0")
    args = p.parse_args()
    ensure_bytecode()
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        driver = tmp / "driver.py"
        driver.write_text(DRIVER)
        marks = tmp / "marks"
        script = ROOT / ".venv" / "bin" / "pyoombpf"
        cmd = [str(script), "compile", str(ROOT / "examples" / f"{args.policy}.py"), "-o", str(tmp / "x.o"), "-q"]
        argv = [sys.executable, "-S", str(driver), str(marks), *cmd]
        env = {**os.environ, "PYOOMBPF_OBJECT_CACHE": args.cache}
        load0 = os.getloadavg()[0]
        run_once(argv, env, marks)  # warm-up (and, with the cache on, the object stored)
        walls: dict[str, list[float]] = {}
        cpus: dict[str, list[float]] = {}
        for _ in range(args.runs):
            for label, wall, cpu in run_once(argv, env, marks):
                walls.setdefault(label, []).append(wall)
                cpus.setdefault(label, []).append(cpu)
    print(f"pyoombpf compile examples/{args.policy}.py, object cache {'on' if args.cache == '1' else 'off'}; ")
    print(f"medians of {args.runs} runs; load average {load0:.2f} at the start; {load_note()} at the end")
    print(f"{'wall ms':>8} {'CPU ms':>7}  mark (CPU: of the process that marks, since it started)")
    for label in sorted(walls, key=lambda k: statistics.median(walls[k])):
        n = len(walls[label])
        note = "" if n == args.runs else f"  (in {n} runs)"
        print(f"{statistics.median(walls[label]):8.1f} {statistics.median(cpus[label]):7.1f}  {label}{note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
