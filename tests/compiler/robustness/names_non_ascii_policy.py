"""Issue 14: a non-ASCII policy name (the function's) compiled, then failed at load ("Invalid name")."""

from pyoombpf import PASS, OomControl, Verdict, oom_handler


@oom_handler()  # E: oom_handler | the policy name (the function's name) 'größte' is not a valid BPF name
def größte(oc: OomControl) -> Verdict:
    return PASS


TARGET = größte
