"""Extern declarations: kfuncs (``.ksyms``, weak) and the iterator that drives unbounded loops."""

from __future__ import annotations

from typing import Any

from pyoombpf.lowering.loops import NoFuel


class Externs:
    def __init__(self, ml: Any) -> None:
        self.ml = ml


class IterFuel(NoFuel):
    pass
