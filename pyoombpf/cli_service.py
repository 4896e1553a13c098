"""``pyoombpf check`` and ``pyoombpf service``: deploying ``pyoombpf run`` as a service (docs/deploy.md).

pyoombpf check [--config FILE]                 validate a configuration and its policy; loads nothing
pyoombpf service install [--root DIR] [--policy FILE] [--force]
pyoombpf service uninstall [--root DIR] [--purge]
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from pyoombpf.errors import PyoombpfError

if TYPE_CHECKING:
    from pyoombpf.service.config import BoundEntry, ServiceConfig


def check_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="pyoombpf check",
        description="Validate a pyoombpf run configuration: every key, the policy (compiled, not loaded) and the "
        "map entries against the policy's maps.  Nothing is loaded into the kernel and no setting is changed.",
    )
    p.add_argument(
        "--config", metavar="FILE", default=None, help="the configuration file (default: /etc/pyoombpf/pyoombpf.toml)"
    )
    return p


def _compile(path: str, function: str | None, mode: str) -> tuple[object, object]:
    from pyoombpf.compiler import compile as pcompile
    from pyoombpf.files import import_file, pick_function

    module = import_file(path)
    fn = pick_function(module, function, path, policy_only=True)
    return pcompile(fn, mode="struct_ops" if mode == "struct_ops" else "bridge"), module


def check(argv: list[str]) -> int:
    from pyoombpf.service import config as cfgmod
    from pyoombpf.service.runner import policy_maps

    args = check_parser().parse_args(argv)
    path = args.config or cfgmod.DEFAULT_PATH
    try:
        cfg = cfgmod.load(path)
        policy = cfg.get("policy")
        if policy is None and cfg.get("policy_lib") is not None:
            policy = cfgmod.library_path(cfg.get("policy_lib"), "policy_lib")
        if policy is None:
            raise cfg.error('the configuration names no policy (policy = "FILE.py")')
        if not os.path.isfile(policy):
            raise cfg.error(f"policy: no such file: {policy}", "policy")
        compiled, module = _compile(policy, cfg.get("function"), cfg.get("mode", "auto"))
        specs, constants = policy_maps(compiled, module)
        entries = cfgmod.bind_maps(cfg, specs, constants)
        names = cfgmod.bind_names(cfg, specs, constants)
        cfgmod.bind_release(cfg, list(getattr(compiled, "releases", [])))
    except PyoombpfError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    for note in _notes(cfg, entries):
        print(f"{path}: note: {note}")
    where = cfg.get("cgroup") or "the root memory cgroup"
    print(
        f"{path}: ok: policy {getattr(compiled, 'name', '?')} from {policy} on {where}, "
        f"{len(entries)} map entr{'y' if len(entries) == 1 else 'ies'}"
        + (f", {len(names)} process name{'' if len(names) == 1 else 's'}" if names else "")
    )
    return 0


def _notes(cfg: ServiceConfig, entries: list[BoundEntry]) -> list[str]:
    """What is fine but worth saying: configured cgroups that do not exist on this machine now."""
    from pyoombpf.bridge.memcg_v1 import v1_memory_root
    from pyoombpf.bridge.memcg_v2 import v2_memory_root

    root = v1_memory_root() or v2_memory_root()
    if root is None:
        return ["no memory cgroup hierarchy is mounted here: cgroup paths were not looked up"]
    out = []
    cgroup = cfg.get("cgroup")
    if cgroup is not None and not os.path.isdir(os.path.join(root, cgroup)):
        out.append(f"cgroup {cgroup!r} does not exist under {root} now (pyoombpf run needs it)")
    for e in entries:
        if not os.path.isdir(os.path.join(root, e.cgroup)):
            out.append(f"maps.{e.map}: {e.cgroup!r} does not exist now (its entry is written when it appears)")
    return out


def service_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="pyoombpf service", description="Install pyoombpf as a systemd service.")
    sub = p.add_subparsers(dest="action", required=True)
    i = sub.add_parser(
        "install",
        help="install pyoombpf.service, pyoombpf@.service, and the default configuration and policy where missing",
    )
    i.add_argument("--root", default="/", help="install below this directory instead of / (for images and tests)")
    i.add_argument("--policy", help="install this policy file as /etc/pyoombpf/policy.py instead of the default")
    i.add_argument("--force", action="store_true", help="replace an existing configuration and policy")
    u = sub.add_parser("uninstall", help="remove the units (and with --purge the default configuration and policy)")
    u.add_argument("--root", default="/")
    u.add_argument("--purge", action="store_true", help="also remove /etc/pyoombpf/pyoombpf.toml and policy.py")
    return p


def service(argv: list[str]) -> int:
    from pyoombpf.service import install as inst

    args = service_parser().parse_args(argv)
    try:
        if args.action == "install":
            changes = inst.install(args.root, policy=args.policy, force=args.force)
        else:
            changes = inst.uninstall(args.root, purge=args.purge)
    except (PyoombpfError, OSError) as exc:
        print(exc if isinstance(exc, PyoombpfError) else f"pyoombpf: error: {exc}", file=sys.stderr)
        return 1
    for path in changes.written:
        print(f"pyoombpf: wrote {path}")
    for path in changes.kept:
        why = "exists; --force replaces it" if args.action == "install" else "not installed by pyoombpf"
        print(f"pyoombpf: kept {path} ({why})")
    for path in changes.removed:
        print(f"pyoombpf: removed {path}")
    for command in changes.commands:
        print(f"pyoombpf: ran {command}")
    if args.action == "install":
        config = os.path.join("/", inst.CONFIG_DIR, "pyoombpf.toml")
        here = os.path.join(os.path.abspath(args.root), inst.CONFIG_DIR, "pyoombpf.toml")
        where = config if here == config else f"{here} ({config} once that root is the system's)"
        print(
            f"next: edit {where} (cgroup, map entries), check it with `pyoombpf check --config {config}`, "
            "then `systemctl enable --now pyoombpf`"
        )
    return 0
