"""The example policies, imported for tests (one module object per example and process)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from pyoombpf.files import import_file

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def example(name: str) -> ModuleType:
    """``examples/<name>.py`` as a module."""
    return import_file(EXAMPLES / f"{name}.py", f"example_{name}")
