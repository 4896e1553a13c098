"""The library policies' run time as memcgs grow (root only): ``pyoombpf run --policy-lib NAME`` in bridge mode.

Each library policy (``pyoombpf/policies/NAME.py``) compiled for bridge mode, run with ``BPF_PROG_RUN`` on a
memcg ``box`` with N empty memcgs below it, beside ``scale_floor.bpf.c``'s bare walk (the floor any policy that
visits every memcg pays); with ``--before REV`` also each policy as the file was at git revision ``REV``, side by
side in the same run (round-robin, so all see the same load).  Also the verifier's work for each program
(``verified_insns``, the "processed N insns" of the verifier log).  In-kernel time: the kernel's run-time accounting,
median of the runs after the first.  ``--write`` replaces the section "Library policies at scale" of
docs/benchmarks.md (and keeps the figures in ``benchmarks/results/library_scale.json``).

    .venv/bin/python benchmarks/bench_library_scale.py [--sizes 1000,10000] [--policies largest_leaf] [--before REV]
        [--write]
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
sys.path.insert(0, str(BENCH))

from harness import ensure_bytecode, load_note, markdown_table, publish_results, replace_section  # noqa: E402
from kinfo import prog_info  # noqa: E402
from memcg_tree import cgroup_id  # noqa: E402
from scale_floor import bridge_ctx, floor_ctx, floor_object, measure, shape  # noqa: E402


def old_policy(name: str, rev: str, tmp: Path) -> Any:
    """The ``@oom_handler`` of library policy ``name`` as ``pyoombpf/policies/NAME.py`` was at ``rev``."""
    src = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{rev}:pyoombpf/policies/{name}.py"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    path = tmp / f"{name}_{rev.replace('/', '_')}.py"
    path.write_text(src)
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = mod
    spec.loader.exec_module(mod)
    return getattr(mod, name)


def open_programs(stack: ExitStack, names: list[str], rev: str | None) -> tuple[dict[str, Any], dict[str, int]]:
    """``{label: (program, context maker)}`` for :func:`scale_floor.measure`, and ``{label: verified_insns}``."""
    from pyoombpf import policies
    from pyoombpf.bridge.memcg_v1 import hierarchy_id
    from pyoombpf.compiler import compile as pcompile
    from pyoombpf.runtime import BpfObject

    hid = hierarchy_id()
    programs: dict[str, Any] = {}
    verified: dict[str, int] = {}
    tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="pyoombpf-bench-")))

    def add(label: str, elf: bytes, symbol: str, make: Any) -> None:
        bpf = stack.enter_context(BpfObject.open(elf, symbol[:15]))
        bpf.load()
        prog = bpf.program(symbol)
        programs[label] = (prog, make)
        verified[label] = prog_info(prog.fd).verified_insns

    def policy_ctx(box: str, root: str) -> bytes:
        return bridge_ctx(box, root, hid)

    for name in names:
        now = pcompile(policies.policy(name), mode="bridge", cache=False)
        add(name, now.elf, now.symbol, policy_ctx)
        if rev:
            old = pcompile(old_policy(name, rev, tmp), mode="bridge", cache=False)
            add(f"{name} @{rev}", old.elf, old.symbol, policy_ctx)
    add("walk alone", floor_object(), "walk_only", lambda box, _root: floor_ctx(cgroup_id(box), hid))
    return programs, verified


SECTION = "Library policies at scale"

ABOUT = """\
The library's policies (`pyoombpf run --policy-lib NAME`, docs/policies-library.md) compiled for bridge mode and
run with `BPF_PROG_RUN` on a memcg `box` with N empty memcgs below it (no processes, no xattrs: what every OOM in
a large tree pays before it finds anything to kill), beside `benchmarks/scale_floor.bpf.c`'s bare walk over the
same memcgs (**walk alone**: the floor of any policy that visits every memcg).{before}  In-kernel time
(`BPF_ENABLE_STATS`), median of the runs after the first, all programs in turn on the same tree (one run each
per round, so all see the same load).  Verifier work: `verified_insns` of the loaded program."""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--calls", type=int, default=200)
    ap.add_argument("--policies", default="", help="library policy names (default: all)")
    ap.add_argument("--before", default="", metavar="REV", help="also each policy as it was at git revision REV")
    ap.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = ap.parse_args()
    ensure_bytecode()
    from pyoombpf import policies

    names = [p for p in args.policies.split(",") if p] or policies.names()
    sizes = [x for x in args.sizes.split(",") if x]
    rows: list[list[str]] = []
    results: dict[str, dict[str, float]] = {}
    with ExitStack() as stack:
        programs, verified = open_programs(stack, names, args.before or None)
        labels = list(programs)
        insns = markdown_table(["program", "verifier-processed insns"], [[k, f"{verified[k]:,}"] for k in labels])
        print(load_note(), insns, sep="\n\n", end="\n\n")
        print("| memcgs | " + " | ".join(f"{k} µs" for k in labels) + " |")
        print("|---" * (len(labels) + 1) + "|")
        for size, _built, _removed, row in measure(programs, sizes, args.calls):
            n = shape(size)[1]
            if isinstance(row, OSError):
                rows.append([f"{size} ({n:,})", f"could not be built: {row}", *[""] * (len(labels) - 1)])
            else:
                rows.append([f"{n:,}", *(f"{row[k].median_ns / 1e3:.1f}" for k in labels)])
                results[str(n)] = {k: row[k].median_ns for k in labels}
            print("| " + " | ".join(rows[-1]) + " |", flush=True)
        load = load_note()
    publish_results("library_scale", {"median_ns": results, "verified_insns": verified}, args.write)
    if args.write:
        argv = " ".join(sys.argv[1:])
        before = f"\n**NAME @{args.before}**: the same policy as its file was at git revision `{args.before}`."
        body = "\n\n".join(
            [
                f"Reproduce: `.venv/bin/python benchmarks/bench_library_scale.py {argv}` (as root).",
                ABOUT.format(before=before if args.before else ""),
                load,
                insns,
                markdown_table(["memcgs", *(f"{k} µs" for k in labels)], rows),
            ]
        )
        docs = ROOT / "docs" / "benchmarks.md"
        text = docs.read_text()
        if f"\n## {SECTION}\n" not in text and "\n## Machine\n" in text:  # the first time: before the machine
            docs.write_text(text.replace("\n## Machine\n", f"\n## {SECTION}\n\n## Machine\n", 1))
        replace_section(str(docs), SECTION, body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
