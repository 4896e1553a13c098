"""``pyoombpf status``: the BPF OOM and PSI handlers attached on this system, where, and whether the kernel has
detached one because its cgroup went away; and the bridge relays running (``pyoombpf run`` on kernels without
the BPF OOM series), from their claims (human text, or ``--json``)."""

from __future__ import annotations

import argparse
import json
import sys


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="pyoombpf status", description=__doc__)
    parser.add_argument("--json", action="store_true", help="print one JSON object per line")
    parser.add_argument("--cgroup-root", help="where to name cgroup ids (default: the cgroup v2 mount)")
    args = parser.parse_args(argv)
    from pyoombpf.bridge.claims import CLAIM_DIR, live_claims
    from pyoombpf.errors import PyoombpfError
    from pyoombpf.runtime.attachments import attachments

    try:
        found = attachments(args.cgroup_root)
        relays = live_claims()
    except PyoombpfError as exc:
        print(f"pyoombpf status: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(
            f"pyoombpf status: error: cannot read the relays' claims in {CLAIM_DIR}: {exc.strerror}; run it as root",
            file=sys.stderr,
        )
        return 1
    if args.json:
        for a in found:
            print(json.dumps(a.to_dict(), sort_keys=True))
        for r in relays:
            print(json.dumps(_relay_dict(r), sort_keys=True))
    elif not found and not relays:
        print("no BPF OOM or PSI handler is attached, and no bridge relay runs")
    else:
        print("\n".join([a.to_text() for a in found] + [_relay_text(r) for r in relays]))
    return 0


def _relay_dict(claim: dict[str, object]) -> dict[str, object]:
    return {
        "kind": "bridge",
        "hierarchy": claim.get("hierarchy"),
        "name": claim.get("policy"),
        "cgroup_id": claim.get("cgroup_id"),
        "cgroup_path": claim.get("cgroup"),
        "pid": claim.get("pid"),
    }


def _relay_text(claim: dict[str, object]) -> str:
    kind = f"bridge (cgroup {claim.get('hierarchy')})"
    where = f"cgroup {claim.get('cgroup')} (id {claim.get('cgroup_id')})"
    return f"{kind:<22} {claim.get('policy')!s:<16} {where}  [relay pid {claim.get('pid')}]"


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
