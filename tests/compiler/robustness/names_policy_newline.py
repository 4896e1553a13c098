"""Issue 14: `@oom_handler(name="p\\nq")` went into LLVM IR unescaped ("LLVM rejected ... (a pyoombpf bug)").
Names are checked by BTF's identifier rules where they are declared."""

from pyoombpf import PASS, OomControl, Verdict, oom_handler


@oom_handler(name="p\nq")  # E: oom_handler | the policy name 'p\nq' is not a valid BPF name
def prog(oc: OomControl) -> Verdict:
    return PASS


TARGET = prog
