"""What LLVM's -O2 pipeline costs and what it is worth in BPF instructions, per example program.

For each example (both modes of the policies, the PSI policy, the plain function) the IR is made once; then each
pipeline variant (the speed level and llvmlite's ``PipelineTuningOptions``: loop vectorisation, SLP
vectorisation, interleaving, unrolling, the inlining threshold) optimises and emits it ``--runs`` times in this
process: median milliseconds of the optimisation and the instruction slots of the object.  With ``--passes`` LLVM's
own per-pass timer (``-time-passes``) reports where the default pipeline spends its time.  With ``--per-pass`` each
optional pass of the shipped pipeline and of the backend is switched off alone (LLVM's ``-opt-disable``, in a
child process per pass: the switch is process-wide and cannot be undone) to measure what it costs in CPU time
and what it is worth in instruction slots, and then every pass whose absence made no program bigger is switched
off together.

    .venv/bin/python benchmarks/bench_pipeline.py [--runs 9] [--passes] [--per-pass] [--write]

``--write`` replaces the "Compile pipeline" section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from harness import load_note, markdown_table, replace_section  # noqa: E402

import pyoombpf  # noqa: E402
from pyoombpf.codegen.emit import DATALAYOUT, TRIPLE, _fresh_core_names, _target_machine, after_pipeline  # noqa: E402
from pyoombpf.elf import insn_count  # noqa: E402
from tests.examples import example  # noqa: E402

SECTION = "Compile pipeline"

#: name → (speed level, PipelineTuningOptions attributes)
VARIANTS: dict[str, tuple[int, dict[str, Any]]] = {
    "O2 (as shipped)": (2, {}),
    "O2, no loop vectorizer": (2, {"loop_vectorization": False}),
    "O2, no vectorizers, no interleaving": (
        2,
        {"loop_vectorization": False, "slp_vectorization": False, "loop_interleaving": False},
    ),
    "O2, no unrolling": (2, {"loop_unrolling": False}),
    "O2, inline threshold 75": (2, {"inlining_threshold": 75}),
    "O1": (1, {}),
    "O3": (3, {}),
}


def programs() -> list[tuple[str, str]]:
    """(label, IR text) of every example program."""
    ll, oomd, psi, pick = (example(n) for n in ("largest_leaf", "oomd_like", "psi_oom", "pick_victim"))
    jobs = [
        ("largest_leaf struct_ops", ll.largest_leaf, "struct_ops"),
        ("largest_leaf bridge", ll.largest_leaf, "bridge"),
        ("oomd_like struct_ops", oomd.oomd_like, "struct_ops"),
        ("oomd_like bridge", oomd.oomd_like, "bridge"),
        ("psi_oom", psi.PsiOom, "struct_ops"),
        ("pick_victim", pick.pick_victim, "struct_ops"),
    ]
    progs = [(label, pyoombpf.compile(fn, mode=mode).ir) for label, fn, mode in jobs]
    sys.path.insert(0, str(HERE / "peers"))
    import counter_pyoombpf  # the peer program (bench_peers.py)

    return [*progs, ("peer program", pyoombpf.compile(counter_pyoombpf.bump).ir)]


def optimise(ir_text: str, level: int, options: dict[str, Any]) -> tuple[float, int]:
    """Seconds the pipeline took on ``ir_text``, and the object's instruction slots."""
    import llvmlite.binding as llvm

    tm = _target_machine()
    module = llvm.parse_assembly(_fresh_core_names(ir_text))  # a fresh CO-RE suffix, as emit_object does
    module.triple, module.data_layout = TRIPLE, DATALAYOUT
    pto = llvm.create_pipeline_tuning_options(speed_level=level)
    for k, v in options.items():
        setattr(pto, k, v)
    pb = llvm.create_pass_builder(tm, pto)
    t = time.thread_time()  # CPU time: the machine is shared, and LLVM runs in this thread
    try:
        pb.getModulePassManager().run(module, pb)
    finally:
        pb.close()
    took = time.thread_time() - t
    module = after_pipeline(module, ir_text, level)  # as emit_object does (codegen/emit.py)
    return took, insn_count(bytes(tm.emit_object(module)))


def variant_rows(
    progs: list[tuple[str, str]], runs: int
) -> tuple[list[list[object]], dict[str, float], dict[tuple[str, str], int]]:
    """The table: a row per variant, a column per program.  The variants take turns run by run, so that the
    machine's load drifts over all of them alike."""
    samples: dict[tuple[str, str], list[float]] = {}
    insns: dict[tuple[str, str], int] = {}
    for _ in range(runs):
        for name, (level, options) in VARIANTS.items():
            for label, ir in progs:
                took, n = optimise(ir, level, options)
                samples.setdefault((name, label), []).append(took)
                insns[(name, label)] = n
    rows: list[list[object]] = []
    totals: dict[str, float] = {}
    for name in VARIANTS:
        medians = [statistics.median(samples[(name, label)]) * 1e3 for label, _ in progs]
        totals[name] = sum(medians)
        cells = [f"{ms:.1f} / {insns[(name, label)]}" for ms, (label, _) in zip(medians, progs, strict=True)]
        rows.append([name, *cells, f"{totals[name]:.1f}"])
    return rows, totals, insns


def conclusions(progs: list[tuple[str, str]], totals: dict[str, float], insns: dict[tuple[str, str], int]) -> str:
    """What each lever is worth, from this run's numbers."""
    base = "O2 (as shipped)"
    lines = []
    for name in VARIANTS:
        if name == base:
            continue
        change = 100 * (totals[name] / totals[base] - 1)
        changed = [
            f"{label} {insns[(base, label)]} → {insns[(name, label)]}"
            for label, _ in progs
            if insns[(name, label)] != insns[(base, label)]
        ]
        code = "the same code size everywhere" if not changed else "instruction slots " + ", ".join(changed)
        lines.append(f"*{name}*: {change:+.0f} % time against the shipped pipeline, {code}.")
    unroll = "O2, no unrolling"
    grown = [
        f"{label}: {insns[(base, label)]} slots unrolled, {insns[(unroll, label)]} not"
        for label, _ in progs
        if unroll in VARIANTS and insns[(base, label)] > insns[(unroll, label)]
    ]
    unrolled = "; ".join(grown) or "no example has such a loop"
    return (
        "**What the levers are worth.** "
        + " ".join(lines)
        + "  Differences of a few per cent are within this machine's noise.  LLVM's vectorisers find nothing to do "
        "for a target without vector registers and cost next to nothing; the passes that cost are the ones BPF code "
        "needs (InstCombine and SimplifyCFG are about a third of the pipeline).  So the pipeline offers no "
        "free time: O1 is the one real saving and changes the code both ways, and the largest time lever is not to "
        "run LLVM at all (the object cache, docs/design.md).  Unrolling is a code-size lever: it copies loops "
        f"with small constant bounds ({unrolled}); whether the verifier then processes more or fewer instructions "
        "needs the struct_ops test VM (not measured here)."
    )


_ROW = re.compile(r"^\s*(?:[\d.]+ \(\s*[\d.]+%\)\s+){2}([\d.]+) \(\s*[\d.]+%\)\s+[\d.]+ \(\s*[\d.]+%\)\s+(.+)$")


def pass_times(ir_text: str, runs: int) -> list[tuple[str, float]]:
    """LLVM's -time-passes over ``runs`` optimisations and emissions of ``ir_text`` with the shipped pipeline:
    (pass, CPU ms per run — user + system, which a loaded machine inflates less than wall time), most expensive
    first.  Analyses are marked."""
    import llvmlite.binding as llvm

    llvm.set_time_passes(True)
    try:
        for _ in range(runs):
            optimise(ir_text, 2, {})
        report = llvm.report_and_reset_timings()
    finally:
        llvm.set_time_passes(False)
    found: dict[str, float] = {}
    analysis = False
    for line in report.splitlines():
        if "timing report" in line:
            analysis = "Analysis" in line
        m = _ROW.match(line)
        if m and m.group(2).strip() != "Total":
            name = re.sub(r" #\d+$", "", m.group(2).strip()) + (" (analysis)" if analysis else "")
            found[name] = found.get(name, 0.0) + float(m.group(1)) * 1e3 / runs
    return sorted(found.items(), key=lambda kv: -kv[1])


# --------------------------------------------------------------------------------------------- floor

#: clang-19 the usual way on the C version of largest_leaf, stopped before LLVM's passes (clang's own IR)
CLANG_POLICY = ROOT / "src_c" / "policies" / "largest_leaf.bpf.c"

FLOOR_CHILD = """
import json, re, sys, time
sys.path.insert(0, {root!r})
import llvmlite.binding as llvm
import pyoombpf
from pyoombpf.codegen.emit import DATALAYOUT, TRIPLE, _fresh_core_names, _target_machine, after_pipeline
from pyoombpf.elf import insn_count
tm = _target_machine()
ours = open({ours!r}).read()
for _ in range(3):  # warm-up, the same for both: target machine, pass registration, LLVM's own caches
    m = llvm.parse_assembly(_fresh_core_names(ours))
    pb = llvm.create_pass_builder(tm, llvm.create_pipeline_tuning_options(speed_level=2))
    pb.getModulePassManager().run(m, pb); pb.close()
    tm.emit_object(after_pipeline(m, ours, 2))
text = open({path!r}).read()
text = _fresh_core_names(text) if {shipped!r} else text
t0 = time.thread_time()
m = llvm.parse_assembly(text)
m.verify()
m.triple, m.data_layout = TRIPLE, DATALAYOUT
t1 = time.thread_time()
pb = llvm.create_pass_builder(tm, llvm.create_pipeline_tuning_options(speed_level=2))
pb.getModulePassManager().run(m, pb)
pb.close()
t2 = time.thread_time()
if {shipped!r}:
    m = after_pipeline(m, text, 2)  # as emit_object does (codegen/emit.py); clang's IR is emitted as clang does
elf = bytes(tm.emit_object(m))
t3 = time.thread_time()
print("RESULT " + json.dumps([t1 - t0, t2 - t1, t3 - t2, insn_count(elf)]))
"""


def clang_ir(out: str) -> bool:
    """clang-19's unoptimised IR of ``CLANG_POLICY`` (``-O2 -g`` as bench_compile.py's clang floor compiles it, but
    ``-Xclang -disable-llvm-passes``: the IR clang hands its own -O2 pipeline) written to ``out``; False without
    clang-19."""
    import shutil
    import subprocess

    clang = shutil.which("clang-19")
    if clang is None or not CLANG_POLICY.exists():
        return False
    argv = [clang, "-O2", "-g", "-target", "bpf", "-D__TARGET_ARCH_x86", "-I/usr/include/x86_64-linux-gnu"]
    argv += ["-S", "-emit-llvm", "-Xclang", "-disable-llvm-passes", str(CLANG_POLICY), "-o", out]
    return subprocess.run(argv, capture_output=True).returncode == 0


def llvm_floor(ours_ir: str, runs: int) -> str:
    """LLVM's share of a warm compile of largest_leaf against the same LLVM's work on clang's own IR of the same
    policy: parse + verify, the -O2 pipeline, instruction selection + BTF + ELF, CPU ms (thread time) in fresh
    child processes after the same warm-up, the two IRs taking turns.  Clang's IR repeats its CO-RE struct names
    on every run, which LLVM refuses within one process (docs/design.md), hence a child per measurement."""
    import subprocess

    ours_path, clang_path = "/tmp/pyoombpf-bench-floor-ours.ll", "/tmp/pyoombpf-bench-floor-clang.ll"
    with open(ours_path, "w") as f:
        f.write(ours_ir)
    sources = {"pyoombpf's IR (examples/largest_leaf.py, struct_ops, as shipped)": (ours_path, True)}
    if clang_ir(clang_path):
        sources["clang-19's IR (src_c/policies/largest_leaf.bpf.c, `-O2 -g`, before its passes)"] = (clang_path, False)
    samples: dict[str, list[list[float]]] = {k: [] for k in sources}
    for _ in range(runs):
        for label, (path, shipped) in sources.items():
            code = FLOOR_CHILD.format(root=str(ROOT), ours=ours_path, path=path, shipped=shipped)
            r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(ROOT))
            line = next((x for x in r.stdout.splitlines() if x.startswith("RESULT ")), None)
            if line is not None:
                samples[label].append(json.loads(line.removeprefix("RESULT ")))
    rows, totals = [], []
    for label, got in samples.items():
        if not got:
            continue
        med = [statistics.median(x[i] for x in got) * 1e3 for i in range(3)]
        totals.append(sum(med))
        lines = Path(sources[label][0]).read_text().count("\n")
        rows.append([label, str(lines), *(f"{v:.1f}" for v in med), f"{sum(med):.1f}", str(int(got[-1][3]))])
    head = ["IR", "lines", "parse + verify", "-O2 pipeline", "isel, BTF, ELF", "LLVM total", "slots"]
    if len(totals) > 1:
        ratio = totals[0] / totals[1]
        versus = f"LLVM takes {ratio:.2f}× on pyoombpf's IR what it takes on clang's" + (
            ": its time on this policy is the price of -O2 and BPF instruction selection for a program of this "
            "size, whoever writes the IR.  "
            if 0.8 <= ratio <= 1.25
            else ".  "
        )
    else:
        versus = "(clang-19 is not installed here: only pyoombpf's row.)  "
    return (
        "**LLVM's floor for a warm compile of largest_leaf.** The same LLVM (llvmlite's, as the compiler runs it) on "
        "pyoombpf's IR and on clang-19's own IR of the same policy, CPU ms (thread time), median of "
        f"{runs} child processes each after the same warm-up, taking turns:\n\n"
        + markdown_table(head, rows)
        + "\n\n"
        + versus
        + f"These {totals[0]:.0f} ms are "
        + ("more" if totals[0] > 15 else "less")
        + " than the 15 ms issue 20 sets for a whole warm compile without an object-cache hit, and they stay as "
        "long as the compiler runs LLVM's -O2 pipeline: the largest saving measured without growing any program's "
        "code, every pass whose absence grew none switched off together (`--per-pass`, process-wide, not shipped), "
        "took about a fifth off optimise + emit when last measured."
    )


# --------------------------------------------------------------------------------------------- per pass

CHILD = """
import json, sys, time
sys.path.insert(0, {root!r})
import llvmlite.binding as llvm
from pyoombpf.codegen.emit import DATALAYOUT, TRIPLE, _fresh_core_names, _target_machine, after_pipeline
from pyoombpf.elf import insn_count
tm = _target_machine()
disabled = {disabled!r}
if disabled:
    llvm.set_option("bench", "-opt-disable=" + disabled)
if {names!r}:
    llvm.set_option("bench", "-opt-disable-enable-verbosity")
progs = json.load(open({path!r}))
out = {{}}
for label, ir in progs:
    opt, emit = [], []
    for _ in range({runs}):
        m = llvm.parse_assembly(_fresh_core_names(ir))
        m.triple, m.data_layout = TRIPLE, DATALAYOUT
        pb = llvm.create_pass_builder(tm, llvm.create_pipeline_tuning_options(speed_level=2))
        t0 = time.thread_time()
        pb.getModulePassManager().run(m, pb)
        t1 = time.thread_time()
        pb.close()
        m = after_pipeline(m, ir, 2)  # as emit_object does (codegen/emit.py)
        elf = bytes(tm.emit_object(m))
        t2 = time.thread_time()
        opt.append(t1 - t0)
        emit.append(t2 - t1)
    opt.sort(); emit.sort()
    out[label] = [opt[len(opt) // 2], emit[len(emit) // 2], insn_count(elf)]
print("RESULT " + json.dumps(out))
"""


def _child(path: str, disabled: str, runs: int, names: bool = False) -> tuple[dict[str, list[float]] | None, str]:
    """(label → [optimise s, emit s, slots]) with the passes ``disabled``, and LLVM's log; None when LLVM ended
    the process (some passes are relied on by later ones: without ``loop-simplify`` LLVM aborts)."""
    import subprocess

    code = CHILD.format(root=str(ROOT), disabled=disabled, runs=runs, path=path, names=names)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(ROOT))
    line = next((x for x in r.stdout.splitlines() if x.startswith("RESULT ")), None)
    if r.returncode != 0 or line is None:
        return None, r.stderr
    return json.loads(line.removeprefix("RESULT ")), r.stderr


def pipeline_passes(path: str) -> list[str]:
    """The optional passes LLVM runs on the examples (IR pipeline and backend), in the order first run."""
    _, log = _child(path, "no-such-pass", 1, names=True)
    names: list[str] = []
    for line in log.splitlines():
        m = re.match(r"OptDisable: running pass (.+?) on ", line)
        if m and m.group(1) not in names:
            names.append(m.group(1))
    return names


def _ms(result: dict[str, list[float]], label: str | None = None) -> float:
    """Optimise + emit CPU milliseconds of one program (``label``) or of all."""
    return sum(v[0] + v[1] for k, v in result.items() if label in (None, k)) * 1e3


def _grow(path: str, base: dict[str, list[float]], candidates: list[str]) -> tuple[list[str], list[str]]:
    """The passes of ``candidates`` that can be off together with no program bigger: added a dozen at a time, a
    dozen that makes some program bigger split in halves down to the pass that does (passes interact: each is
    harmless alone).  Returns (the set, the passes left out)."""
    kept: list[str] = []
    left_out: list[str] = []

    def bigger(extra: list[str]) -> bool:
        got, _ = _child(path, ",".join(kept + extra), 1)
        return got is None or any(got[k][2] > base[k][2] for k in base)

    def add(chunk: list[str]) -> None:
        if not chunk:
            return
        if not bigger(chunk):
            kept.extend(chunk)
        elif len(chunk) == 1:
            left_out.extend(chunk)
        else:
            add(chunk[: len(chunk) // 2])
            add(chunk[len(chunk) // 2 :])

    for i in range(0, len(candidates), 12):
        add(candidates[i : i + 12])
    return kept, left_out


def per_pass(progs: list[tuple[str, str]], runs: int, rounds: int = 5) -> tuple[str, dict[str, Any]]:
    """What each optional pass is worth in instruction slots (switched off alone), then every pass whose absence
    made no program bigger switched off together, timed against the shipped pipeline in alternating child
    processes (``rounds`` of each): a markdown section and the figures.  A single pass saves less time than
    this shared machine's noise between two processes, so only the whole set is timed."""
    import json as _json
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".json", prefix="pyoombpf-pipeline-", delete=False) as f:
        _json.dump(progs, f)
        path = f.name
    try:
        names = [n for n in pipeline_passes(path) if "," not in n]
        base, _ = _child(path, "", 1)
        assert base is not None, "the shipped pipeline failed"
        rows: list[tuple[str, dict[str, tuple[int, int]] | None]] = []
        alone = []
        for name in names:
            got, _ = _child(path, name, 1)
            changed = (
                None if got is None else {k: (int(base[k][2]), int(got[k][2])) for k in base if got[k][2] != base[k][2]}
            )
            rows.append((name, changed))
            if changed is not None and not any(after > before for before, after in changed.values()):
                alone.append(name)
        harmless, culprits = _grow(path, base, alone)
        shipped: list[dict[str, list[float]]] = []
        reduced: list[dict[str, list[float]]] = []
        for _ in range(rounds):
            a, _ = _child(path, "", runs)
            b, _ = _child(path, ",".join(harmless), runs)
            assert a is not None
            shipped.append(a)
            if b is not None:
                reduced.append(b)
    finally:
        os.unlink(path)
    smaller = [r for r in rows if r[1] and all(after <= before for before, after in r[1].values())]
    bigger = [r for r in rows if r[1] and any(after > before for before, after in r[1].values())]
    aborts = [name for name, changed in rows if changed is None]
    neutral = [name for name, changed in rows if changed == {}]

    def cell(changed: dict[str, tuple[int, int]]) -> str:
        return ", ".join(f"{k} {a} → {b}" for k, (a, b) in changed.items())

    table = markdown_table(
        ["pass switched off", "instruction slots that changed"],
        [[f"`{name}`", cell(changed)] for name, changed in bigger + smaller if changed],
    )
    ll = progs[0][0]
    text = (
        "**What each pass is worth.** Each optional pass of the shipped pipeline and of the backend switched off "
        f"alone (LLVM's `-opt-disable`, a child process per pass; {len(rows)} passes): LLVM aborts without "
        + ", ".join(f"`{n}`" for n in aborts)
        + f"; {len(neutral)} change no program's code; these change some:\n\n"
        + table
    )
    figures: dict[str, Any] = {"passes": dict(rows), "harmless": harmless, "left_out_together": culprits}
    if reduced:
        med = statistics.median
        t_ship, t_red = med(_ms(r) for r in shipped), med(_ms(r) for r in reduced)
        l_ship, l_red = med(_ms(r, ll) for r in shipped), med(_ms(r, ll) for r in reduced)
        slots = reduced[0]
        change = (
            ", ".join(f"{k} {int(base[k][2])} → {int(slots[k][2])}" for k in base if slots[k][2] != base[k][2])
            or "no program changed"
        )
        text += (
            f"\n\n**{len(harmless)} passes switched off together** (each made no program bigger alone; "
            + (
                "left out because the set made some program bigger with them: "
                + ", ".join(f"`{n}`" for n in culprits)
                + "; "
                if culprits
                else ""
            )
            + f"`PYOOMBPF_LLVM_OPT_DISABLE={','.join(harmless)}` reproduces it in the compiler) "
            f"(alternating child processes, {len(reduced)} of each, each the median of {runs} runs per program, "
            f"CPU time of optimise + emit): all programs {t_red:.1f} ms instead of {t_ship:.1f} "
            f"({100 * (1 - t_red / t_ship):.0f} % less), {ll} {l_red:.1f} ms instead of {l_ship:.1f}; instruction "
            f"slots: {change}.  Verifier-processed instructions are not measured here (bench_verifier.py with that "
            "setting measures them).  The "
            "switch is process-wide in LLVM (it would strip the same passes from any other user of LLVM in the "
            "process, numba's code for one) and cannot be undone, so the compiler does not use it."
        )
        figures.update(shipped_ms=t_ship, reduced_ms=t_red, ll_shipped_ms=l_ship, ll_reduced_ms=l_red, slots=slots)
    return text, figures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--passes", action="store_true")
    ap.add_argument("--per-pass", action="store_true", help="each optional pass switched off alone (slow)")
    ap.add_argument("--floor", action="store_true", help="LLVM on pyoombpf's IR against clang's IR of one policy")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    progs = programs()
    for _label, ir in progs:  # warm-up: the target machine, pass registration
        optimise(ir, 2, {})
    rows, totals, insns = variant_rows(progs, args.runs)
    head = ["pipeline", *[label for label, _ in progs], "sum ms"]
    parts = [
        "Rerun: `.venv/bin/python benchmarks/bench_pipeline.py --passes --write`.  " + load_note(),
        "LLVM's optimisation of each example's IR, in this process after a warm-up, median of "
        f"{args.runs} runs: *CPU ms of the pipeline / instruction slots of the object*.  The BPF target's own IR "
        "passes "
        "(CO-RE) come with every speed level; llvmlite 0.50 can add single passes to a pipeline but not those, so "
        "the levers are the speed level, the tuning options and LLVM's process-wide `-opt-disable` switch (below, "
        "with `--per-pass`).",
        markdown_table(head, rows),
        conclusions(progs, totals, insns),
    ]
    if args.passes:
        top = pass_times(progs[0][1], args.runs)[:15]
        parts.append(
            f"Where the as-shipped pipeline and the backend spend their time on {progs[0][0]} (LLVM's "
            "`-time-passes`, CPU ms per run):"
        )
        parts.append(markdown_table(["pass", "ms"], [[n, f"{ms:.2f}"] for n, ms in top]))
    if args.floor:
        parts.append(llvm_floor(progs[0][1], args.runs))
    if args.per_pass:
        section, figures = per_pass(progs, max(3, args.runs // 2))
        parts.append(section)
        with open("/tmp/pyoombpf-bench-per-pass.json", "w") as f:
            json.dump(figures, f, indent=1)
    text = "\n\n".join(parts) + "\n"
    print(text)
    print("RESULTS", totals)
    if args.write:
        replace_section(str(ROOT / "docs" / "benchmarks.md"), SECTION, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
