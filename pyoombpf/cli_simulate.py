"""``pyoombpf simulate``: what would this policy kill, in a scenario file or on this machine right now?

    pyoombpf simulate POLICY.py --scenario FILE [--policy NAME] [--attach PATH] [--strict] [--json]
    pyoombpf simulate POLICY.py --live [--cgroup PATH] [--policy NAME] [--attach PATH] [--strict] [--json]
                     [--save-scenario FILE]       write the scenario (a live snapshot) as a file to edit and replay

Prints a table of the candidates (cgroup, usage, what the policy read, chosen/skipped and why) and the decision;
``--json`` prints the whole result (verdict, victims, trace, maps) as one JSON object.  Exit status: 0 when the
simulation ran (whatever it decided), 1 for an error in the policy, the scenario or the model, 2 for bad usage.
``--live`` only reads /sys/fs/cgroup and /proc; nothing is killed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from types import FunctionType, ModuleType

from pyoombpf.errors import PyoombpfError
from pyoombpf.files import pick_function


def build_parser(prog: str = "pyoombpf simulate") -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=prog, description="Run an OOM policy as Python against a scenario.")
    p.add_argument("policy_file", metavar="POLICY.py", help="file defining an @oom_handler policy")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--scenario", metavar="FILE", help="scenario file (TOML, see docs/simulate.md)")
    src.add_argument("--live", action="store_true", help="snapshot this machine's memory cgroups (read-only)")
    p.add_argument("--cgroup", metavar="PATH", default="/", help="with --live: the cgroup that is out of memory")
    p.add_argument("--policy", metavar="NAME", help="the policy function, when the file defines several")
    p.add_argument(
        "--attach",
        metavar="PATH",
        action="append",
        help="where the policy is attached (default: the scenario's, else the root); repeat to attach copies at "
        "several cgroups, dispatched upwards from the OOM cgroup like the kernel",
    )
    p.add_argument("--strict", action="store_true", help="a counter the scenario lacks is an error, not 0")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--save-scenario", metavar="FILE", help="also write the scenario (e.g. a live snapshot) to FILE")
    return p


def _load_module(path: str) -> ModuleType:
    from pyoombpf.files import import_file

    try:
        return import_file(path, "_pyoombpf_sim_" + os.path.splitext(os.path.basename(path))[0].replace("-", "_"))
    except (FileNotFoundError, ImportError) as e:
        raise PyoombpfError(str(e)) from None


def pick_policy(mod: ModuleType, name: str | None, path: str) -> FunctionType:
    """The ``@oom_handler`` function of ``mod`` (``name`` chooses when there are several)."""
    return pick_function(mod, name, path, policy_only=True)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except PyoombpfError as e:
        from pyoombpf.cli import error_text

        print(error_text(e), file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    from pyoombpf.simulate import Scenario, simulate

    if not os.path.exists(args.policy_file):
        raise PyoombpfError(f"no such file: {args.policy_file}")
    if args.cgroup != "/" and not args.live:
        raise PyoombpfError("--cgroup goes with --live (a scenario file names its OOM cgroup in [oom])")
    fn = pick_policy(_load_module(args.policy_file), args.policy, args.policy_file)
    scenario = Scenario.from_system(args.cgroup) if args.live else Scenario.load(args.scenario)
    result = simulate(fn, scenario, attach_cgroup=args.attach, strict=args.strict)
    if args.save_scenario:
        with open(args.save_scenario, "w", encoding="utf-8") as f:
            f.write(scenario.dumps())
    if args.json:
        json.dump(result.to_json(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print(result.table())
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
