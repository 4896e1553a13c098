"""``make demo``: the most complete job pyoombpf can do today, end to end, on this machine.

1. compile ``examples/largest_leaf.py`` (restricted Python → BPF, in-process) for both modes and show what came out;
2. a real OOM in a throwaway cgroup, handled twice: by the kernel's OOM killer alone, then by the policy running in
   the kernel in bridge mode (``pyoombpf/demo_oom.py``) — every process and cgroup it made is removed after;
   then the same kind of OOM answered without a kill: ``examples/release_first.py`` deletes a disposable tmpfs
   cache (``pyoombpf/demo_release.py``);
3. show the error a policy outside the language gets;
4. the same policy as a ``bpf_oom_ops`` struct_ops handler, in pyoombpf's test kernel under QEMU.
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
EXAMPLE = ROOT / "examples" / "largest_leaf.py"


def say(text: str = "") -> None:
    print(text, flush=True)


def load_example() -> object:
    from pyoombpf.files import import_file

    return import_file(EXAMPLE, "largest_leaf")


def compile_step(policy: object) -> None:
    from pyoombpf.compiler import compile as pcompile
    from pyoombpf.elf import section_map

    say("== 1. compile examples/largest_leaf.py (in-process, llvmlite) ==")
    t0 = time.perf_counter()
    pcompile(policy, mode="bridge")
    first = (time.perf_counter() - t0) * 1000
    for mode in ("struct_ops", "bridge"):
        t0 = time.perf_counter()
        obj = pcompile(policy, mode=mode)
        ms = (time.perf_counter() - t0) * 1000
        keep = (".BTF", ".maps", ".struct_ops", "license", "syscall", "struct_ops.s/")
        secs = sorted(s for s in section_map(obj.elf) if s.startswith(keep))
        say(f"   {mode:<10} {len(obj.elf):>6} bytes, {obj.insn_count:>3} instructions, {ms:5.1f} ms; {', '.join(secs)}")
    say(f"   ({first:.0f} ms the first time in this process: LLVM and kernel BTF set-up)")
    say("   the bridge program's first lines, annotated with the Python source:")
    for line in obj.asm.splitlines()[1:7]:
        say(f"     {line.strip()}")


def error_step() -> None:
    say("\n== 3. a policy outside the language is refused at its line ==")
    bad = Path(tempfile.mkdtemp(prefix="pyoombpf-demo-")) / "bad_policy.py"
    bad.write_text(
        "from pyoombpf import u64, i64\n\n\ndef score(rss: u64, adj: i64) -> u64:\n    return rss + adj * 10\n"
    )
    r = subprocess.run([sys.executable, "-m", "pyoombpf.cli", "compile", str(bad)], capture_output=True, text=True)
    for line in r.stderr.splitlines():
        say(f"   {line}")
    shutil.rmtree(bad.parent, ignore_errors=True)


def main() -> int:
    policy = load_example().largest_leaf  # type: ignore[attr-defined]
    compile_step(policy)
    say("\n== 2. a real OOM in a throwaway cgroup: the kernel alone, then the Python policy (bridge mode) ==")
    if os.geteuid() != 0:
        say("   (not root: skipped; run `sudo make demo`)")
    else:
        from pyoombpf import demo_oom

        demo_oom.run(say, policy)
        say("\n== 2b. release before killing: examples/release_first.py drops a disposable tmpfs cache ==")
        from pyoombpf import demo_release
        from pyoombpf.files import import_file

        release_first = import_file(ROOT / "examples" / "release_first.py", "release_first").release_first
        demo_release.run(say, release_first)
    error_step()
    vm_part()
    return 0


def vm_part() -> None:
    """A real OOM handled by a Python policy in the kernel: struct_ops mode, in the project's test kernel."""
    say("\n== 4. the same policy as a bpf_oom_ops struct_ops handler, in pyoombpf's test kernel (QEMU) ==")
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
