"""``pyoombpf status``: the BPF OOM and PSI handlers attached on this system, where, and whether the kernel has
detached one because its cgroup went away (human text, or ``--json``)."""

from __future__ import annotations

import argparse
import json
import sys


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="pyoombpf status", description=__doc__)
    parser.add_argument("--json", action="store_true", help="print one JSON object per line")
    parser.add_argument("--cgroup-root", help="where to name cgroup ids (default: the cgroup v2 mount)")
    args = parser.parse_args(argv)
    from pyoombpf.errors import PyoombpfError
    from pyoombpf.runtime.attachments import attachments

    try:
        found = attachments(args.cgroup_root)
    except PyoombpfError as exc:
        print(f"pyoombpf status: error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        for a in found:
            print(json.dumps(a.to_dict(), sort_keys=True))
    elif not found:
        print("no BPF OOM or PSI handler is attached")
    else:
        print("\n".join(a.to_text() for a in found))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
