"""Errors raised by :mod:`pyoombpf.btf`, all within the project's hierarchy (:mod:`pyoombpf.errors`)."""

from __future__ import annotations

from collections.abc import Iterable

from pyoombpf.errors import NotSupportedError, PyoombpfError


class BtfError(PyoombpfError):
    """Something is wrong with BTF data or with a request made of it."""


class BtfFormatError(BtfError, ValueError):
    """BTF bytes are malformed (bad magic, truncated, out-of-range offsets or type ids)."""

    def __init__(self, message: str, source: str = "<bytes>") -> None:
        super().__init__(
            f"{source}: invalid BTF: {message}; check that the file is raw BTF (e.g. /sys/kernel/btf/vmlinux)"
        )
        self.source = source
        self.reason = message


class TypeNotFoundError(BtfError, LookupError):
    """A named type, function or enumerator is absent from every source consulted."""

    def __init__(self, kind: str, name: str, where: str, suggestions: Iterable[str] = ()) -> None:
        close = list(suggestions)
        msg = f"{kind} {name!r} not found in {where}"
        if close:
            msg += "; did you mean " + ", ".join(repr(s) for s in close) + "?"
        super().__init__(msg)
        self.kind = kind
        self.name = name
        self.where = where
        self.suggestions = tuple(close)

    def __str__(self) -> str:  # LookupError would otherwise quote the message like a KeyError key
        return str(self.args[0])


class BtfUnavailableError(NotSupportedError):
    """The running kernel exposes no BTF (``/sys/kernel/btf/vmlinux`` is missing or unreadable)."""

    def __init__(self, path: str, detail: str) -> None:
        super().__init__(
            "kernel BTF",
            f"{path} is not readable ({detail}); it needs a kernel built with CONFIG_DEBUG_INFO_BTF=y",
            "compile against the bundled ABI description (TypeSource(spec=None)) or pass a BTF file with load_file()",
        )
        self.path = path


def close_matches(name: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    """A few names similar to ``name`` (for 'did you mean' hints).  Only used on error paths."""
    import difflib  # only for an error message

    return difflib.get_close_matches(name, list(candidates), n=limit, cutoff=0.75)
