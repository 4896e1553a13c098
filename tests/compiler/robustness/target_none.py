"""Issue 14, AttributeError: compile(None)."""

import pyoombpf


def run() -> object:
    return pyoombpf.compile(None)  # E: pyoombpf.compile(None) | None is not a Python function
