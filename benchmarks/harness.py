"""A small benchmark harness shared by the scripts in ``benchmarks/``.

* :func:`measure` times an in-process callable: warm-up runs, then repeated runs; :class:`Stats` gives the median
  and the p10/p90 spread.
* :func:`measure_process` times a whole command (fork + exec + exit) and records its peak RSS.
* :func:`machine_info` describes the machine and how busy it was (the development VMs are shared: a kernel build
  next door shows up as load, so every result carries the load average seen while it was measured).
* :func:`markdown_table` and :func:`replace_section` print results and update one ``## Section`` of a markdown
  file in place (other sections untouched).
* :func:`publish_results` prints a script's figures as a ``RESULTS {json}`` line and, when the script writes the
  docs, keeps them in ``benchmarks/results/NAME.json`` beside the section they came from, so that the
  "Targets at a glance" table of docs/benchmarks.md can be rebuilt from the last written run of every script
  (``benchmarks/run_all.py --targets``) without rerunning them all.

Usage from another script::

    from harness import measure, machine_info
    stats = measure(lambda: work(), runs=30, warmup=3)
    print(stats.fmt_ms())            # "12.3 ms (p10 11.9, p90 13.0; n=30)"
"""

from __future__ import annotations

import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Stats:
    """Samples in seconds (and, for processes, peak RSS in bytes per run)."""

    samples: tuple[float, ...]
    rss: tuple[int, ...] = field(default=())

    @property
    def n(self) -> int:
        return len(self.samples)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p10(self) -> float:
        return percentile(self.samples, 10)

    @property
    def p90(self) -> float:
        return percentile(self.samples, 90)

    @property
    def min(self) -> float:
        return min(self.samples)

    @property
    def rss_median(self) -> int | None:
        return int(statistics.median(self.rss)) if self.rss else None

    def fmt_ms(self) -> str:
        return f"{self.median * 1e3:.1f} ms (p10 {self.p10 * 1e3:.1f}, p90 {self.p90 * 1e3:.1f}; n={self.n})"


def percentile(samples: Sequence[float], pct: float) -> float:
    """Linear-interpolated percentile (``pct`` in 0..100) of ``samples``."""
    xs = sorted(samples)
    if not xs:
        raise ValueError("no samples")
    pos = (len(xs) - 1) * pct / 100
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def measure(fn: Callable[[], object], runs: int = 30, warmup: int = 3) -> Stats:
    """Run ``fn`` ``warmup`` times untimed, then ``runs`` times timed (``time.perf_counter``)."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return Stats(tuple(out))


def measure_process(
    argv: Sequence[str], runs: int = 10, warmup: int = 1, env: dict[str, str] | None = None, cwd: str | None = None
) -> Stats:
    """Wall time and peak RSS of running ``argv`` to completion, ``runs`` times after ``warmup`` runs.

    The peak RSS comes from GNU time (``/usr/bin/time``) when installed: a child spawned straight from this
    (large) process would report *our* RSS, because Linux carries the pre-exec peak over an exec.  Without GNU
    time the RSS column stays empty.  Raises ``RuntimeError`` (with the command's stderr) when the command fails:
    a benchmark of a failing command measures nothing."""
    times, rss = [], []
    gnu_time = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None
    for i in range(warmup + runs):
        with tempfile.NamedTemporaryFile("r", suffix=".rss") as out:
            full = [gnu_time, "-f", "%M", "-o", out.name, *argv] if gnu_time else list(argv)
            start = time.perf_counter()
            res = subprocess.run(full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd, check=False)
            elapsed = time.perf_counter() - start
            if res.returncode != 0:
                raise RuntimeError(f"{' '.join(argv)} exited with {res.returncode}:\n{res.stderr.decode()}")
            if i < warmup:
                continue
            times.append(elapsed)
            if gnu_time:
                rss.append(int(out.read().split()[-1]) * 1024)  # KiB
    return Stats(tuple(times), tuple(rss))


def measure_processes_alternating(
    argv: Sequence[str], envs: Sequence[dict[str, str]], runs: int = 10, cwd: str | None = None
) -> list[Stats]:
    """:func:`measure_process` of ``argv`` under each environment of ``envs``, the environments taking turns run
    by run (after one warm-up run each), so that a machine whose load drifts affects them alike."""
    for env in envs:
        measure_process(argv, runs=1, warmup=0, env=env, cwd=cwd)
    samples = [[measure_process(argv, runs=1, warmup=0, env=env, cwd=cwd) for env in envs] for _ in range(runs)]
    return [
        Stats(tuple(t for row in samples for t in row[i].samples), tuple(r for row in samples for r in row[i].rss))
        for i in range(len(envs))
    ]


def run_python(code: str, python: str = sys.executable, cwd: str | None = None) -> str:
    """Run ``python -c code`` and return its stdout (for measurements that need a fresh process)."""
    res = subprocess.run([python, "-c", code], capture_output=True, text=True, cwd=cwd, check=False)
    if res.returncode != 0:
        raise RuntimeError(f"python -c failed ({res.returncode}):\n{res.stderr}")
    return res.stdout


def machine_info() -> dict[str, str]:
    """What the numbers were measured on, and how loaded the machine was at that moment."""
    info = {
        "kernel": platform.release(),
        "python": platform.python_version(),
        "cpus": str(os.cpu_count()),
        "cpu": _cpu_model(),
        "memory": f"{_mem_total_gib():.0f} GiB",
        "load average (1/5/15 min)": " / ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    try:
        import llvmlite
        import llvmlite.binding as llvm

        info["llvmlite"] = f"{llvmlite.__version__} (LLVM {'.'.join(map(str, llvm.llvm_version_info))})"
    except ImportError:
        pass
    return info


def load_note() -> str:
    one, five, _ = os.getloadavg()
    cpus = os.cpu_count() or 1
    busy = "busy (figures are inflated)" if one > 0.5 * cpus else "quiet"
    return f"load average {one:.2f} (1 min) / {five:.2f} (5 min) on {cpus} CPUs: {busy}"


def wait_for_quiet(max_load: float = 0.5, timeout: float = 600.0, poll: float = 10.0) -> bool:
    """Wait until the 1-minute load average per CPU drops to ``max_load`` (other engineers' builds share the
    machine); give up after ``timeout`` seconds.  Returns whether the machine got quiet."""
    cpus = os.cpu_count() or 1
    deadline = time.monotonic() + timeout
    while os.getloadavg()[0] / cpus > max_load:
        if time.monotonic() >= deadline:
            return False
        time.sleep(poll)
    return True


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def _mem_total_gib() -> float:
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) / (1024 * 1024)
    except OSError:
        pass
    return 0.0


def self_rss_peak() -> int:
    """Peak RSS of this process so far, in bytes."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def machine_table(info: dict[str, str] | None = None) -> str:
    info = info or machine_info()
    return markdown_table(["machine", ""], list(info.items()))


def replace_section(path: str, heading: str, body: str, intro: str = "") -> None:
    """Replace the markdown section ``## heading`` of ``path`` (up to the next ``## ``) with ``body``.

    The section is appended when absent; a missing file is created with ``intro`` first."""
    if os.path.exists(path):
        with open(path) as f:
            text = f.read()
    else:
        text = intro.rstrip("\n") + "\n"
    block = f"## {heading}\n\n{body.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _m: block + "\n", text, count=1).rstrip("\n") + "\n"
    else:
        text = text.rstrip("\n") + "\n\n" + block
    with open(path, "w") as f:
        f.write(text)


RESULTS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")


def publish_results(name: str, data: dict[str, object], write: bool) -> None:
    """Print ``RESULTS {json}`` (what ``run_all.py`` reads from a run) and, with ``write``, keep the figures with
    the time and load they were measured at in ``benchmarks/results/<name>.json``."""
    print("RESULTS " + json.dumps(data))
    if not write:
        return
    os.makedirs(RESULTS_DIR, exist_ok=True)
    record = {"measured": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "load": load_note(), "data": data}
    path = os.path.join(RESULTS_DIR, f"{name}.json")
    with open(path + ".tmp", "w") as f:
        json.dump(record, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(path + ".tmp", path)


def saved_results(name: str) -> dict[str, object] | None:
    """The record :func:`publish_results` kept for ``name`` (None when no written run has been kept)."""
    try:
        with open(os.path.join(RESULTS_DIR, f"{name}.json")) as f:
            record: dict[str, object] = json.load(f)
    except FileNotFoundError:
        return None
    return record


def ensure_bytecode() -> None:
    """Compile the bytecode of the pyoombpf every measured process imports, as installing the package does: a
    checkout run under ``PYTHONDONTWRITEBYTECODE=1`` would otherwise compile every module from source in every
    measured process (slower starts, and a relay holding ~2 MiB more for the compiler's work)."""
    import compileall

    import pyoombpf

    compileall.compile_dir(os.path.dirname(os.path.abspath(pyoombpf.__file__)), quiet=1)
