"""``pyoombpf features``: what this kernel, libbpf and process can do (human text, or ``--json``)."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="pyoombpf features", description=__doc__)
    parser.add_argument("--json", action="store_true", help="print the probe results as JSON")
    args = parser.parse_args(argv)
    from pyoombpf.errors import PyoombpfError
    from pyoombpf.runtime import features

    try:
        found = features()
    except PyoombpfError as exc:
        print(f"pyoombpf features: error: {exc}", file=sys.stderr)
        return 1
    print(found.to_json() if args.json else found.to_text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
