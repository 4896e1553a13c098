"""Argument types the commands share: numbers checked where argparse reads them, so a bad value is a usage
error naming the option (exit status 2), never a setting that misbehaves later."""

from __future__ import annotations

import argparse
import math


def positive_ms(text: str) -> float:
    """A duration in milliseconds greater than 0 (``--deadline-ms``)."""
    value = _number(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a number of milliseconds greater than 0, not {text}")
    return value


def non_negative_ms(text: str) -> float:
    """A duration in milliseconds, 0 or more (``--cooldown-ms``: 0 turns the cooldown off)."""
    value = _number(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be a number of milliseconds, 0 or more, not {text}")
    return value


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be a finite number, not {text}")
    return value
