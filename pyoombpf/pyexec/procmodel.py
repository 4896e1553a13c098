"""A kernel model read from /proc: enough of ``task_struct`` for programs that look tasks up by pid.

It lets the Python execution answer ``kfuncs.bpf_task_from_pid`` with the live system's tasks (pid, tgid, comm,
``signal.oom_score_adj``, ``real_parent``).  Reading a field it does not model raises ``ModelError``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from pyoombpf.pyexec.oommodel import comm_text
from pyoombpf.pyexec.rules import KernelModel


@dataclass
class Signal:
    oom_score_adj: int


class ProcTask:
    """A live task as the Python execution sees it."""

    def __init__(self, pid: int, model: ProcModel) -> None:
        self.pid = pid
        self._model = model
        status = _status(pid)
        self.tgid = int(status.get("Tgid", pid))
        self._ppid = int(status.get("PPid", 0))
        name = _read(f"/proc/{pid}/comm").rstrip("\n").encode()[:15]
        self.comm = name + b"\0" * (16 - len(name))
        self.signal = Signal(int(_read(f"/proc/{pid}/oom_score_adj") or 0))

    def comm_is(self, text: str) -> bool:
        return comm_text(self.comm) == text.encode()

    def comm_startswith(self, text: str) -> bool:
        return comm_text(self.comm).startswith(text.encode())

    @cached_property
    def real_parent(self) -> Any:
        return self._model.bpf_task_from_pid(self._ppid) if self._ppid else None


class ProcModel(KernelModel):
    """Tasks from /proc; kfuncs as methods.  Unmodelled kfuncs are a ModelError."""

    def bpf_task_from_pid(self, pid: int) -> ProcTask | None:
        if pid <= 0 or not os.path.isdir(f"/proc/{pid}"):
            return None
        try:
            return ProcTask(pid, self)
        except (FileNotFoundError, ProcessLookupError):
            return None  # exited meanwhile

    def bpf_task_release(self, task: Any) -> None:
        return None


def _read(path: str) -> str:
    try:
        with open(path) as f:
            return f.read()
    except (FileNotFoundError, ProcessLookupError):
        return ""


def _status(pid: int) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in _read(f"/proc/{pid}/status").splitlines():
        k, _, v = line.partition(":")
        out[k] = v.strip().split()[0] if v.strip() else ""
    return out
