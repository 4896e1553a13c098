"""Compiling a bridge policy in a child process, so the relay never maps LLVM.

The relay locks its memory (``mlockall``) to keep working under the pressure it handles.  Compiling in its own
process would map and lock llvmlite's LLVM too (~170 MiB of a ~200 MiB relay, measured in docs/benchmarks.md).
``pyoombpf run`` therefore compiles in a short-lived child (``pyoombpf.bridge.precompile FILE [POLICY]``, started
isolated: :mod:`pyoombpf.bridge.isolated`) that prints the object and what the relay needs of it as
one JSON line.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Any

from pyoombpf.bridge import isolated
from pyoombpf.errors import PyoombpfError


@dataclass
class Precompiled:
    """What :class:`~pyoombpf.bridge.policy.BridgePolicy` uses of a ``CompiledObject`` compiled elsewhere."""

    name: str
    elf: bytes
    symbol: str
    kill_reasons: list[str] = field(default_factory=list)
    kind: str = "bridge"
    abi: str = ""
    #: the policy's maps and integer constants as plain data (:mod:`pyoombpf.mapspec`)
    maps: dict[str, Any] = field(default_factory=dict)
    constants: dict[str, int] = field(default_factory=dict)

    def map_codecs(self, name: str) -> tuple[Any, Any]:
        """(key codec, value codec) of map ``name``, rebuilt from the description the child sent."""
        from pyoombpf.mapspec import MapSpec

        if name not in self.maps:
            raise KeyError(f"{self.name} has no map {name!r} (it has: {', '.join(self.maps) or 'none'})")
        return MapSpec.from_dict(name, self.maps[name]).codecs()


def compile_in_child(path: str, policy: str | None = None) -> Precompiled:
    """Compile ``policy`` of the file at ``path`` for bridge mode in a child process."""
    cmd = isolated.command("pyoombpf.bridge.precompile", [path] + ([policy] if policy else []))
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, env=isolated.environment())
    if done.returncode != 0:
        raise PyoombpfError(done.stderr.rstrip() or f"compiling {path} failed (exit {done.returncode})")
    out = json.loads(done.stdout)
    elf = base64.b64decode(out["elf"])
    return Precompiled(
        out["name"], elf, out["symbol"], list(out["kill_reasons"]), maps=out["maps"], constants=out["constants"]
    )


def main(argv: list[str]) -> int:
    from pyoombpf.compiler import compile as pcompile
    from pyoombpf.files import import_file, pick_function
    from pyoombpf.mapspec import constants, describe_maps

    path, policy = argv[0], (argv[1] if len(argv) > 1 else None)
    try:
        mod = import_file(path)
        fn = pick_function(mod, policy, path, policy_only=True)
        obj = pcompile(fn, mode="bridge")
    except (PyoombpfError, FileNotFoundError, TypeError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    record: dict[str, Any] = {"name": obj.name, "symbol": obj.symbol, "kill_reasons": obj.kill_reasons}
    record.update(maps=describe_maps(obj.program), constants=constants(mod))
    print(json.dumps({**record, "elf": base64.b64encode(obj.elf).decode()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
