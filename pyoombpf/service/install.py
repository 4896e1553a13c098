"""``pyoombpf service install|uninstall``: the systemd units, the default configuration and policy.

``install`` writes, below ``root`` (``/`` by default; tests use a temporary directory):

* ``etc/systemd/system/pyoombpf.service`` — ``pyoombpf run --config /etc/pyoombpf/pyoombpf.toml``;
* ``etc/systemd/system/pyoombpf@.service`` — the instance template: ``pyoombpf@NAME`` runs
  ``/etc/pyoombpf/NAME.toml`` (one relay per configuration, for separate subtrees);
* ``etc/pyoombpf/pyoombpf.toml`` and ``etc/pyoombpf/policy.py`` — the default configuration and policy, only
  where they do not exist yet (``--force`` replaces them; a configuration is never overwritten silently).

The units run this interpreter (``sys.executable -I -m pyoombpf.cli``), so a pyoombpf installed in a virtual
environment works as installed.  ``uninstall`` removes the units it wrote (files carrying its header line only)
and, with ``purge``, the default configuration and policy.  With ``root="/"`` on a machine run by systemd both
call ``systemctl daemon-reload`` (and ``uninstall`` first ``systemctl disable --now``); they never enable or
start anything themselves.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from importlib import resources

from pyoombpf.errors import PyoombpfError

UNIT_DIR = "etc/systemd/system"
CONFIG_DIR = "etc/pyoombpf"
#: the first line of every unit this module writes (uninstall removes only files that start with it)
HEADER = "# {unit}: installed by `pyoombpf service install`"
#: what loading BPF, running it and locking memory need (the unit file explains each)
CAPABILITIES = ("CAP_BPF", "CAP_PERFMON", "CAP_IPC_LOCK", "CAP_SYS_NICE")
UNITS = {
    "pyoombpf.service": ("/etc/pyoombpf/pyoombpf.toml", "pyoombpf.toml"),
    "pyoombpf@.service": ("/etc/pyoombpf/%i.toml", "%i.toml"),
}


def _data(name: str) -> str:
    return resources.files("pyoombpf.service").joinpath("data", name).read_text()


def render_unit(unit: str, python: str | None = None) -> str:
    """The text of ``unit`` (``pyoombpf.service`` or ``pyoombpf@.service``) for this interpreter."""
    config, what = UNITS[unit]
    text = _data("pyoombpf.service.in")
    for key, value in {
        "@UNIT@": unit,
        "@CONFIG@": config,
        "@WHAT@": what,
        "@PYTHON@": python or sys.executable,
        "@CAPS@": " ".join(CAPABILITIES),
    }.items():
        text = text.replace(key, value)
    return text


def default_config() -> str:
    return _data("pyoombpf.toml.in").replace("@CONFIG@", UNITS["pyoombpf.service"][0])


@dataclass
class Changes:
    """What ``install``/``uninstall`` did, for the command to print."""

    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)


def _systemd_running(root: str) -> bool:
    return os.path.realpath(root) == "/" and os.path.isdir("/run/systemd/system")


def _write(path: str, text: str, mode: int, changes: Changes, *, replace: bool) -> None:
    if os.path.exists(path) and not replace:
        changes.kept.append(path)
        return
    os.makedirs(os.path.dirname(path), mode=0o755, exist_ok=True)
    tmp = f"{path}.pyoombpf-new"
    with open(tmp, "w") as f:
        f.write(text)
    os.chmod(tmp, mode)
    os.replace(tmp, path)
    changes.written.append(path)


def install(root: str = "/", *, policy: str | None = None, force: bool = False, python: str | None = None) -> Changes:
    """Install the units and (where missing, or with ``force``) the default configuration and policy below
    ``root``.  ``policy``: a policy file to install instead of the default one."""
    changes = Changes()
    for unit in UNITS:
        _write(os.path.join(root, UNIT_DIR, unit), render_unit(unit, python), 0o644, changes, replace=True)
    config_dir = os.path.join(root, CONFIG_DIR)
    _write(os.path.join(config_dir, "pyoombpf.toml"), default_config(), 0o644, changes, replace=force)
    if policy is not None:
        try:
            with open(policy) as f:
                policy_text = f.read()
        except OSError as exc:
            raise PyoombpfError(f"pyoombpf: error: cannot read the policy {policy}: {exc.strerror}") from None
    else:
        policy_text = _data("policy.py.in")
    _write(os.path.join(config_dir, "policy.py"), policy_text, 0o644, changes, replace=force or policy is not None)
    if _systemd_running(root):
        _systemctl(changes, "daemon-reload")
    return changes


def uninstall(root: str = "/", *, purge: bool = False) -> Changes:
    """Remove the units this module installed (and with ``purge`` the default configuration and policy)."""
    changes = Changes()
    if _systemd_running(root):
        _systemctl(changes, "disable", "--now", "pyoombpf.service")
    for unit in UNITS:
        path = os.path.join(root, UNIT_DIR, unit)
        try:
            with open(path) as f:
                first = f.readline().rstrip("\n")
        except FileNotFoundError:
            continue
        if not first.startswith(HEADER.format(unit=unit)):
            changes.kept.append(path)  # not ours: someone wrote their own unit under this name
            continue
        os.remove(path)
        changes.removed.append(path)
    if purge:
        for name in ("pyoombpf.toml", "policy.py"):
            path = os.path.join(root, CONFIG_DIR, name)
            if os.path.exists(path):
                os.remove(path)
                changes.removed.append(path)
        config_dir = os.path.join(root, CONFIG_DIR)
        if os.path.isdir(config_dir) and not os.listdir(config_dir):
            os.rmdir(config_dir)
    if _systemd_running(root):
        _systemctl(changes, "daemon-reload")
    return changes


def _systemctl(changes: Changes, *args: str) -> None:
    systemctl = shutil.which("systemctl") or "/usr/bin/systemctl"
    done = subprocess.run([systemctl, *args], capture_output=True, text=True, check=False)
    changes.commands.append(
        " ".join(["systemctl", *args]) + ("" if done.returncode == 0 else f" (failed: {done.stderr.strip()})")
    )
