"""Importing a user's policy file by path (the CLI, the demo, tests and benchmarks all need it)."""

from __future__ import annotations

import importlib.util
import os
import sys
from types import FunctionType, ModuleType
from typing import Any


def import_file(path: str | os.PathLike[str], name: str | None = None) -> ModuleType:
    """Import the Python file at ``path`` as a module (registered in ``sys.modules`` so its functions' source,
    decorators and dataclasses work) and return it.  ``FileNotFoundError`` when the file does not exist."""
    path = os.path.abspath(os.fspath(path))
    if not os.path.isfile(path):
        raise FileNotFoundError(f"no such file: {path}")
    stem = os.path.splitext(os.path.basename(path))[0].replace("-", "_")
    name = name or f"_pyoombpf_user_{stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def pick_function(mod: ModuleType, name: str | None, path: str, *, policy_only: bool = False) -> Any:
    """The function of ``mod`` a command works on: ``name`` if given; else its one policy (an ``@oom_handler``
    function or a ``@psi_policy`` class); else
    (unless ``policy_only``) its only function.  ``PyoombpfError`` saying what to choose otherwise."""
    from pyoombpf.errors import PyoombpfError

    funcs: dict[str, Any] = {
        n: f for n, f in vars(mod).items() if isinstance(f, FunctionType) and f.__module__ == mod.__name__
    }
    classes = {n: c for n, c in vars(mod).items() if isinstance(c, type) and c.__module__ == mod.__name__}
    policies = {
        n: f for n, f in {**funcs, **classes}.items() if getattr(f, "__pyoombpf_policy__", None) is not None
    }  # @oom_handler functions and @psi_policy classes
    funcs = {**funcs, **policies}
    if name is not None:
        if name not in funcs:
            have = f"policies: {', '.join(policies) or 'none'}" if policy_only else f"it has: {', '.join(funcs)}"
            raise PyoombpfError(f"{path} has no function {name!r} ({have})")
        return funcs[name]
    if len(policies) == 1:
        return next(iter(policies.values()))
    if policy_only and not policies:
        raise PyoombpfError(f"{path} defines no @oom_handler or @psi_policy policy")
    if not policy_only and len(funcs) == 1:
        return next(iter(funcs.values()))
    choices = policies if policies else funcs
    raise PyoombpfError(
        f"{path} defines several {'policies' if policies else 'functions'}; choose one with "
        f"--policy/--function ({', '.join(choices)})"
    )
