"""Generated code: BPF instruction counts of the example policies, pyoombpf vs clang -O2 on the reference C.

The C policies in ``src_c/policies/`` are the yardstick (our own code, the same decisions; built with Debian's
clang-19).  Counted: instruction slots of the program sections (a 64-bit immediate load is two).

    .venv/bin/python benchmarks/bench_codegen.py [--write]     (--write updates docs/benchmarks.md)
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from harness import markdown_table, publish_results, replace_section  # noqa: E402

from pyoombpf.compiler import compile as pcompile  # noqa: E402
from pyoombpf.elf import insn_count as insns  # noqa: E402

POLICIES = {"largest_leaf": "largest_leaf", "oomd_like": "oomd_like"}
SECTION = "Generated code vs clang"


def ours(name: str) -> int:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "examples" / f"{name}.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return insns(pcompile(getattr(mod, POLICIES[name])).elf)


def clangs(out: Path) -> dict[str, int]:
    subprocess.run(["make", "-s", "-C", str(ROOT / "src_c" / "policies"), f"OUT={out}"], check=True)
    return {name: insns(c_object(out, name).read_bytes()) for name in POLICIES}


def c_object(out: Path, name: str) -> Path:
    """The C build doing the example's work: its ``.example.bpf.o`` twin where the Makefile has one (the test
    build of ``largest_leaf`` also keeps statistics and declines at its own attach cgroup), else ``.bpf.o``."""
    twin = out / f"{name}.example.bpf.o"
    return twin if twin.exists() else out / f"{name}.bpf.o"


PEER_CLANG = ["clang-19", "-O2", "-g", "-target", "bpf", "-mcpu=v3", "-I/usr/include/x86_64-linux-gnu", "-c"]

PAIRS = (
    "What each pair does (the C sources say it too):\n\n"
    "- `largest_leaf`: the scope is the OOMing cgroup (the root for a global OOM); walk its leaves (post order), "
    "skip a leaf whose usage is not above the best so far, score usage minus page cache, skip a leaf holding an "
    "`oom_score_adj` -1000 task, kill every process of the best leaf that is not already dying.  The C is "
    "`largest_leaf.example.bpf.o` (`-DPYOOMBPF_AS_EXAMPLE`): the build the VM tests load also keeps a stats map "
    "and declines when the OOM is at its own attach cgroup (they test the kernel's upward dispatch chain with it); "
    "the example keeps no statistics and decides there.\n"
    "- `oomd_like`: candidates are the leaves and `memory.oom.group` cgroups below the scope (not the scope "
    "itself); per candidate a `prefs` hash lookup (OMIT: counted and skipped; AVOID: ranked last), a cgroup "
    "holding an -1000 task skipped, the pgscan sum (four stat reads) against the preference's baseline, usage; "
    "rank by not-AVOID, then pgscan increase, then usage; seven decision counters (runs, candidates, omitted, "
    "avoided, kills, victim id, no victim) and one ring-buffer record per decision to kill, then kill every "
    "process of the best.\n"
    "- peer program `bump` (`benchmarks/peers/`): a 32-step loop over a seed and a hash-map counter, a SYSCALL "
    "program (clang with `-mcpu=v3`, the CPU pyoombpf emits for)."
)


def peer(out: Path) -> tuple[int, int]:
    """(ours, clang's) instruction slots of the peer program."""
    sys.path.insert(0, str(ROOT / "benchmarks" / "peers"))
    import counter_pyoombpf

    obj = out / "counter.bpf.o"
    subprocess.run([*PEER_CLANG, str(ROOT / "benchmarks" / "peers" / "counter.bpf.c"), "-o", str(obj)], check=True)
    return insns(pcompile(counter_pyoombpf.bump).elf), insns(obj.read_bytes())


PEER_NOTE = (
    "The optimised IR of the peer program's loop is clang's, instruction for instruction (its `while i < 32` is a "
    "counted loop, `hir/counted.py`).  Two things of LLVM 22's backend cost it 5 slots until `codegen/shape.py` "
    "rewrote the optimised IR of modules with a walked loop: SelectionDAG turns `x % 3 == 0` into a multiply by "
    "the inverse and a compare with two 64-bit immediates (4 slots; clang-19's backend keeps the `mod`), and "
    "`Reassociate` puts the loop's sum second in `total + x`, so the two-address `+=` lands in `x`'s register "
    "and a copy moves it back on every iteration.  A fake use of the remainder (no instruction) makes the DAG "
    "keep the `mod`, and the carried operand is put first."
)
PEER_MISSED = (
    "It still misses: compare `pyoombpf.compile(bump, cache=False).disassembly` with `llvm-objdump-19 -d` of "
    "clang's object."
)


def notes(ratios: dict[str, float]) -> str:
    missed = [name for name, r in ratios.items() if r > 1.0]
    met = [name for name, r in ratios.items() if r <= 1.0]
    parts = []
    if met:
        parts.append(f"Within the 1.00x target: {', '.join(f'`{n}`' for n in met)}.")
    if "peer program" in ratios:
        parts.append(PEER_NOTE if "peer program" in met else PEER_NOTE + "  " + PEER_MISSED)
    if any(n != "peer program" for n in missed):
        parts.append(
            "Where a policy still loses: map counters are a lookup plus an atomic add each (as in the C), and "
            "every `MemCgroup` kept across an iteration is a reference the lowering releases on each path."
        )
    return "\n\n".join(parts)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        c = clangs(Path(tmp))
        peer_ours, peer_clang = peer(Path(tmp))
    rows, ratios = [], {}
    for name in POLICIES:
        o = ours(name)
        rows.append([name, str(o), str(c[name]), f"{o / c[name]:.2f}x"])
        ratios[name] = o / c[name]
    rows.append(["peer program `bump`", str(peer_ours), str(peer_clang), f"{peer_ours / peer_clang:.2f}x"])
    ratios["peer program"] = peer_ours / peer_clang
    table = markdown_table(["program", "pyoombpf", "clang-19 -O2", "ratio"], rows)
    body = (
        "Instruction slots (a 64-bit immediate load is two) of the OOM handler program (struct_ops v3), "
        "`examples/*.py` compiled by pyoombpf against `src_c/policies/*.bpf.c` compiled by `clang-19 -O2 -g` "
        "as `src_c/policies/Makefile` builds them, and of the peer program.  Target: at most 1.00x.  Reproduce: "
        "`.venv/bin/python benchmarks/bench_codegen.py`.  Verifier-processed instructions of the same pairs are "
        "in the next section.\n\n" + table + "\n\n" + PAIRS + "\n\n" + notes(ratios) + "\n\n"
        "What brought pyoombpf's side down (each measured in its commit): no NULL checks on kernel pointers the "
        "verifier loads fault-tolerantly (`PolicyLowering.read`), counted loops for `while` loops with a small "
        "constant bound (`hir/counted.py`), a walk item's reference moved into the variable that keeps it "
        "instead of a new one acquired (`hir/moves.py`), memcg counter kfuncs declared `readonly` so LLVM "
        "merges repeated reads (`lowering/externs.py`), instruction selection for size after the IR "
        "pipeline (`codegen/emit.py`), and for modules with a loop the verifier walks, carried operands first "
        "and remainders kept from the multiply-by-inverse fold (`codegen/shape.py`)."
    )
    print(f"## {SECTION}\n\n{body}")
    published = {f"{name}_insns": ratios[name] for name in POLICIES} | {"peer_insns": ratios["peer program"]}
    publish_results("codegen", {"host_code": published}, args.write)
    if args.write:
        replace_section(ROOT / "docs" / "benchmarks.md", SECTION, body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
