"""``make demo``: the most complete job pyoombpf can do today, end to end, on this machine.

1. compile ``examples/pick_victim.py`` (restricted Python → BPF, in-process) and show what came out;
2. start a few throwaway processes with different ``oom_score_adj`` values (one named like sshd);
3. run the policy **in the kernel** (a SYSCALL program reading ``task_struct`` through CO-RE and kfuncs) and the
   very same function as Python against a /proc model, side by side, next to the kernel OOM killer's own ranking;
4. show the error a policy outside the language gets;
5. stop every process it started.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "pick_victim.py"


def say(text: str = "") -> None:
    print(text, flush=True)


def load_example() -> object:
    from pyoombpf.files import import_file

    return import_file(EXAMPLE, "pick_victim")


def start_processes(tmp: Path) -> list[tuple[subprocess.Popen[bytes], str, int]]:
    sleep = shutil.which("sleep") or "/bin/sleep"
    fake_sshd = tmp / "sshd-demo"
    shutil.copy(sleep, fake_sshd)
    # (values below the current one would need CAP_SYS_RESOURCE, which root lacks on these machines)
    specs = [
        (sleep, "batch-job", 300),
        (sleep, "cache", 700),
        (str(fake_sshd), "sshd-like", 900),
        (sleep, "plain", 0),
    ]
    procs = []
    for exe, label, adj in specs:
        p = subprocess.Popen([exe, "300"])
        with open(f"/proc/{p.pid}/oom_score_adj", "w") as f:
            f.write(str(adj))
        procs.append((p, label, adj))
    return procs


def main() -> int:
    from pyoombpf.compiler import compile as pcompile

    mod = load_example()
    say("== 1. compile examples/pick_victim.py (in-process, llvmlite) ==")
    t0 = time.perf_counter()
    obj = pcompile(mod.pick_victim)  # type: ignore[attr-defined]
    first = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    obj = pcompile(mod.pick_victim)  # type: ignore[attr-defined]
    ms = (time.perf_counter() - t0) * 1000
    from pyoombpf.elf import section_map

    secs = sorted(s for s in section_map(obj.elf) if s in (".BTF", ".BTF.ext", "syscall", "license", ".maps"))
    say(f"   {len(obj.elf)} bytes of BPF ELF, {obj.insn_count} instructions; sections: {', '.join(secs)}")
    say(f"   compile time: {ms:.1f} ms ({first:.0f} ms the first time in this process: LLVM and kernel BTF set-up)")
    say("   first lines of the assembly, annotated with the Python source:")
    for line in obj.asm.splitlines()[1:9]:
        say(f"     {line.strip()}")

    if os.geteuid() != 0:
        say("\n(not root: skipping the in-kernel part; run `sudo make demo`)")
        return 0
    from pyoombpf.pyexec.procmodel import ProcModel
    from pyoombpf.pyexec.rules import PyEnv
    from pyoombpf.testing import KernelFunction

    tmp = Path(tempfile.mkdtemp(prefix="pyoombpf-demo-"))
    procs = start_processes(tmp)
    try:
        time.sleep(0.2)
        say("\n== 2. throwaway processes ==")
        py_score = pcompile(mod.score).python(PyEnv(kernel=ProcModel()))  # type: ignore[attr-defined]
        with KernelFunction(mod.score) as kscore, KernelFunction(obj) as kpick:  # type: ignore[attr-defined]
            say(
                f"   {'pid':>7} {'comm':<12} {'adj':>6} {'kernel oom_score':>16} {'policy (kernel)':>16} "
                f"{'policy (python)':>16}"
            )
            for p, _label, adj in procs:
                comm = Path(f"/proc/{p.pid}/comm").read_text().strip()
                kos = int(Path(f"/proc/{p.pid}/oom_score").read_text())
                say(f"   {p.pid:>7} {comm:<12} {adj:>6} {kos:>16} {kscore(p.pid):>16} {py_score(p.pid):>16}")
            pids = [p.pid for p, _, _ in procs]
            say("\n== 3. who dies? ==")
            first3 = pids[:3]
            kernel_choice = max(first3, key=lambda q: (int(Path(f"/proc/{q}/oom_score").read_text()), q))
            in_kernel = kpick(*first3)
            py_pick = obj.python(PyEnv(kernel=ProcModel()))(*first3)
            label = {p.pid: lbl for p, lbl, _ in procs}
            say(
                f"   among the first three, the kernel OOM killer's own ranking picks {kernel_choice} "
                f"({label.get(kernel_choice, '?')})"
            )
            say(
                f"   the policy, run in the kernel, picks      {in_kernel} ({label.get(in_kernel, '?')}): "
                "sshd is protected"
            )
            say(f"   the same policy, run as Python, picks     {py_pick} ({label.get(py_pick, '?')})")
            assert in_kernel == py_pick, "kernel and Python disagree: please report"
    finally:
        for p, _, _ in procs:
            p.kill()
            p.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    say("   (all demo processes stopped)")

    say("\n== 4. a policy outside the language is refused at its line ==")
    bad = Path(tempfile.mkdtemp(prefix="pyoombpf-demo-")) / "bad_policy.py"
    bad.write_text(
        "from pyoombpf import u64, i64\n\n\ndef score(rss: u64, adj: i64) -> u64:\n    return rss + adj * 10\n"
    )
    r = subprocess.run([sys.executable, "-m", "pyoombpf.cli", "compile", str(bad)], capture_output=True, text=True)
    for line in r.stderr.splitlines():
        say(f"   {line}")
    shutil.rmtree(bad.parent, ignore_errors=True)
    vm_part()
    say("\nNext step of the project: bridge mode, the same policy handling real OOMs on today's stock kernels.")
    return 0


def vm_part() -> None:
    """A real OOM handled by a Python policy in the kernel: struct_ops mode, in the project's test kernel."""
    say("\n== 5. a real OOM decision taken by a Python policy inside the kernel (struct_ops, test VM) ==")
    if os.environ.get("PYOOMBPF_DEMO_VM") == "0":
        say("   skipped (PYOOMBPF_DEMO_VM=0)")
        return
    vm = ROOT / "vm"
    say("   no released kernel has the BPF OOM interface yet, so this runs in pyoombpf's own test kernel under QEMU;")
    say("   the first run fetches and builds it (about 15-20 minutes on 2 cores), later runs reuse it")
    subprocess.run([str(vm / "deps.sh")], check=True, stdout=subprocess.DEVNULL)
    built = subprocess.run([str(vm / "build-kernel.sh")], check=True, stdout=subprocess.PIPE, text=True)
    image = built.stdout.strip().splitlines()[-1]
    run = subprocess.Popen(
        [str(vm / "run-vm.sh"), image, "-m", "vm", "-s", "-q", "tests/demo"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert run.stdout is not None
    for line in run.stdout:
        if line.startswith("   ") or line.startswith("[guest] kernel"):
            say(line.rstrip())
    if run.wait() != 0:
        say(f"   the VM run failed (exit {run.returncode}); its log: ~/.cache/pyoombpf/vm/last-run.log")


if __name__ == "__main__":
    raise SystemExit(main())
