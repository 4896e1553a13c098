"""Importing a user's policy file by path (the CLI, the demo, tests and benchmarks all need it)."""

from __future__ import annotations

import importlib.util
import os
import sys
from types import ModuleType


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
