"""Names that end up in the BPF object: what the kernel accepts, and errors located where a name is declared.

Map, config, record, field and policy names become BTF names (and ELF symbols).  The kernel accepts a BTF name
only if it is an identifier in C's ASCII sense (``[A-Za-z_][A-Za-z0-9_]*``) and refuses the whole object at load
time otherwise ("Invalid name"), so a declaration with any other name is refused where it is written.  Names the
user never chose (helper functions named after Python functions, which may be non-ASCII) are spelt in ASCII with
:func:`btf_symbol` instead.
"""

from __future__ import annotations

import os
import re
import sys
from types import FrameType
from typing import Any

from pyoombpf.errors import DeclarationError, Loc

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


def is_btf_identifier(name: object) -> bool:
    return isinstance(name, str) and _IDENTIFIER.fullmatch(name) is not None


def btf_symbol(name: str) -> str:
    """``name`` spelt as a BTF identifier: other characters become ``_uXXXX``; a leading digit gets ``_``."""
    out = "".join(ch if ch.isascii() and (ch.isalnum() or ch == "_") else f"_u{ord(ch):04x}" for ch in name)
    return out if out and not out[0].isdigit() else f"_{out}"


def check_name(name: Any, what: str, max_bytes: int | None = None) -> None:
    """Refuse ``name`` unless it is a BTF identifier of at most ``max_bytes`` bytes; the error points at the
    line of the user's code that declared it (the nearest caller outside pyoombpf)."""
    if not isinstance(name, str):
        raise DeclarationError(f"{what} must be a string, not {type(name).__name__} {short_repr(name)}", user_loc())
    if not is_btf_identifier(name):
        raise DeclarationError(
            f"{what} {short_repr(name)} is not a valid BPF name",
            user_loc(),
            ("BPF names (BTF) are ASCII identifiers: letters, digits and `_`, not starting with a digit",),
        )
    if max_bytes is not None and len(name) > max_bytes:
        raise DeclarationError(f"{what} {name!r} is longer than {max_bytes} bytes", user_loc())


def declaration_error(message: str, *notes: str) -> DeclarationError:
    """A :class:`DeclarationError` at the user's line that declared something invalid."""
    return DeclarationError(message, user_loc(), notes)


def short_repr(value: Any) -> str:
    """``repr(value)`` for a message: short, and never failing (huge integers, objects with a broken repr)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        return f"a {value.bit_length()}-bit integer"
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - any object may be passed; its repr may fail
        text = f"<{type(value).__name__} object>"
    return text if len(text) <= 60 else text[:57] + "..."


def user_loc() -> Loc | None:
    """The position of the innermost stack frame outside the pyoombpf package (the user's declaration)."""
    frame: FrameType | None = sys._getframe(1)
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(_PACKAGE_DIR):
        frame = frame.f_back
    if frame is None:
        return None
    return frame_loc(frame)


def frame_loc(frame: FrameType) -> Loc:
    """The file position of the instruction ``frame`` is executing (its call, for a caller's frame)."""
    code = frame.f_code
    lineno, col, end_col = frame.f_lineno, 0, None
    positions = list(code.co_positions())
    index = frame.f_lasti // 2
    if 0 <= index < len(positions):
        start, end, c0, c1 = positions[index]
        if start is not None and start == frame.f_lineno and c0 is not None:
            col = _char_col(code.co_filename, start, c0)
            if end == start and c1 is not None:
                end_col = _char_col(code.co_filename, start, c1) + 1
    return Loc(code.co_filename, lineno, col + 1, lineno if end_col else None, end_col)


def _char_col(filename: str, lineno: int, byte_col: int) -> int:
    from pyoombpf import sourcetext

    line = sourcetext.line(filename, lineno)
    if not line or line.isascii():
        return byte_col
    return len(line.encode()[:byte_col].decode(errors="replace"))


__all__ = ["btf_symbol", "check_name", "declaration_error", "short_repr", "frame_loc", "is_btf_identifier", "user_loc"]
