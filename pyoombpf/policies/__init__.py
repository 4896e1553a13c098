"""The policy library: OOM policies that speak the language of the tools users already run (docs/policies-library.md).

Each module is an ordinary policy file — run it by name (``pyoombpf run --policy-lib NAME``, ``policy =
"lib:NAME"`` in the configuration file), or copy it and change it.  Every one of them:

* reads preferences by cgroup id from its ``prefs`` map (``NONE``/``AVOID``/``OMIT``/``PREFER``), which ``pyoombpf
  run`` fills from systemd's ``user.oomd_avoid`` / ``user.oomd_omit`` xattrs and the configuration file (all but
  ``oomd_like`` also read those xattrs in the kernel, ``memcg.xattr_flag()``, where the kernel allows it);
* has a ``settings`` map (by cgroup id) whose ``kill`` field chooses between killing the whole chosen cgroup
  (``KILL_CGROUP``) and one process (``KILL_PROCESS``);
* decides the OOMs of the cgroup it is attached to and of every cgroup below it, and passes (the kernel's OOM
  killer decides) when nothing qualifies.

This package imports nothing heavy: listing the library does not compile anything.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType
from typing import Any

#: name -> one line: what the policy does (``pyoombpf policies`` prints these)
LIBRARY: dict[str, str] = {
    "kernel_like": "the kernel's oom_badness(): the process with most resident+swap memory, oom_score_adj scaled",
    "largest_leaf": "the leaf cgroup using the most anonymous memory (usage minus page cache)",
    "oomd_like": "oomd: the cgroup with most reclaim scanning since the last decision, or by memory size/growth",
    "systemd_oomd": "systemd-oomd: leaf cgroups ranked by pgscan then usage (or by swap), ManagedOOMPreference",
    "earlyoom_like": "earlyoom: the highest oom_score, +/-300 for prefer/avoid process names, ignore list",
    "priority_classes": "a priority per cgroup from a map: the lowest class first, the largest cgroup within it",
}

#: preference values of every library policy's ``prefs`` map
NONE, AVOID, OMIT, PREFER = 0, 1, 2, 3
#: ``settings.kill`` values
KILL_DEFAULT, KILL_CGROUP, KILL_PROCESS = 0, 1, 2


class UnknownPolicyError(LookupError):
    """A library policy name that does not exist; ``str()`` lists the ones that do."""


def names() -> list[str]:
    return sorted(LIBRARY)


def check_name(name: str) -> str:
    if name not in LIBRARY:
        raise UnknownPolicyError(
            f"no library policy {name!r}; the library has: {', '.join(names())} (pyoombpf policies lists them)"
        )
    return name


def path(name: str) -> str:
    """The file of library policy ``name`` (what ``pyoombpf run --policy-lib NAME`` runs)."""
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), check_name(name) + ".py")


def module(name: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{check_name(name)}")


def policy(name: str) -> Any:
    """The ``@oom_handler`` function of library policy ``name``."""
    return getattr(module(name), name)
