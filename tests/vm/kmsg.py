"""The guest kernel's log, from a point on: what the OOM reports of one test printed."""

from __future__ import annotations

import errno
import os
from types import TracebackType


class Kmsg:
    """``/dev/kmsg`` read from the moment of opening: ``with Kmsg() as log: ...; log.lines()``."""

    def __init__(self) -> None:
        self._fd = os.open("/dev/kmsg", os.O_RDONLY | os.O_NONBLOCK)
        os.lseek(self._fd, 0, os.SEEK_END)
        self._seen: list[str] = []

    def lines(self) -> list[str]:
        """Every message logged since opening (continuation lines included), oldest first."""
        while True:
            try:
                record = os.read(self._fd, 8192)
            except OSError as exc:
                if exc.errno == errno.EAGAIN:
                    return list(self._seen)
                if exc.errno == errno.EPIPE:  # overwritten before we read it: skip to the next record
                    continue
                raise
            head, _, text = record.decode(errors="replace").partition(";")
            self._seen.extend(line.strip() for line in text.split("\n") if line.strip())

    def close(self) -> None:
        os.close(self._fd)

    def __enter__(self) -> Kmsg:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
