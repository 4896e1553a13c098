"""Events to the systemd journal, with structured fields, through ``cysystemd`` (docs/design.md says why).

Each event becomes one journal entry: ``MESSAGE`` is the event's text line, ``PRIORITY`` follows its weight
(``failsafe``/``warning``: warning, ``oom``/``kill``: notice, a policy error: err, the rest: info),
``SYSLOG_IDENTIFIER=pyoombpf``, ``PYOOMBPF_EVENT`` its kind, ``POLICY`` the policy's name, and every field of the
event under its upper-case name — with the names journal users search for: ``VICTIM_PID``/``VICTIM_COMM`` (a
kill's ``pid``/``comm``), ``CGROUP``/``CGROUP_ID`` (a kill's cgroup, or an OOM's memcg), ``REASON``,
``OOM_SEQ``::

    journalctl -u pyoombpf PYOOMBPF_EVENT=kill -o verbose

Entries are sent by a writer thread, never by the relay's thread: journald may be slow, or paused itself by the
very OOM the relay is handling (its cgroup can be below the attach point), and a datagram to a full journald
socket blocks.  :meth:`JournalSink.on_event` appends to a bounded queue; what does not fit is counted and
reported in the next entry that goes through.  ``cysystemd`` does not report send errors, so the sink checks
that journald's socket exists before it starts (:func:`problem`).
"""

from __future__ import annotations

import collections
import os
import threading
from typing import Any

from pyoombpf.bridge.events import Event

SOCKET = "/run/systemd/journal/socket"
MAX_QUEUED = 4096
_PRIORITY = {"error": 3, "warning": 4, "failsafe": 4, "refused": 4, "oom": 5, "kill": 5}
_RENAME = {
    "pid": "VICTIM_PID",
    "comm": "VICTIM_COMM",
    "memcg": "CGROUP",
    "memcg_id": "CGROUP_ID",
    "seq": "OOM_SEQ",
    "policy": "POLICY",
    "message": "WARNING",
    "time": "EVENT_TIME",
}


def problem() -> str | None:
    """Why events cannot go to the journal here, or None."""
    try:
        import cysystemd.journal  # noqa: F401
    except ImportError:
        return "the journal binding is not installed (pip install 'pyoombpf[service]' brings cysystemd)"
    if not os.path.exists(SOCKET):
        return f"journald is not running (no {SOCKET})"
    return None


def stdout_is_journal() -> bool:
    """Whether systemd connected our stdout or stderr to the journal (``$JOURNAL_STREAM`` is ``DEV:INODE`` of
    that stream, as documented in systemd.exec(5))."""
    want = os.environ.get("JOURNAL_STREAM", "")
    for fd in (1, 2):
        try:
            st = os.fstat(fd)
        except OSError:
            continue
        if want == f"{st.st_dev}:{st.st_ino}":
            return True
    return False


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list | tuple):
        return ",".join(str(x) for x in v)
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def entry(event: Event, policy: str) -> dict[str, str]:
    """The journal fields of ``event``."""
    fields = {
        "MESSAGE": event.to_text().removeprefix("pyoombpf: "),
        "PRIORITY": str(3 if event.get("verdict") == "error" else _PRIORITY.get(event.kind, 6)),
        "SYSLOG_IDENTIFIER": "pyoombpf",
        "PYOOMBPF_EVENT": event.kind,
    }
    if policy:
        fields["POLICY"] = policy
    for key, v in event.fields.items():
        if v is not None:
            fields[_RENAME.get(key, key.upper())] = _value(v)
    return fields


class JournalSink:
    """Sends events to the journal from its own thread.  ``on_event`` is the relay's sink; :meth:`close` sends
    what is queued (up to ``flush_timeout`` seconds) and stops the thread."""

    def __init__(self, flush_timeout: float = 2.0) -> None:
        from cysystemd import journal

        self._send = journal.send
        self._queue: collections.deque[Event] = collections.deque()
        self._wake = threading.Event()
        self._stop = False
        self._dropped = 0
        self._policy = ""
        self._flush_timeout = flush_timeout
        self._thread = threading.Thread(target=self._run, name="pyoombpf-journal", daemon=True)
        self._thread.start()

    def on_event(self, event: Event) -> None:
        if len(self._queue) >= MAX_QUEUED:
            self._dropped += 1
            return
        self._queue.append(event)
        self._wake.set()

    def _run(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            while self._queue:
                self._write(self._queue.popleft())
            if self._stop:
                return

    def _write(self, event: Event) -> None:
        if event.kind == "start":
            self._policy = event.get("policy") or ""
        fields = entry(event, self._policy)
        if self._dropped:
            fields["DROPPED_BEFORE"] = str(self._dropped)  # entries that did not fit the queue before this one
            self._dropped = 0
        self._send(**fields)

    def close(self) -> None:
        self._stop = True
        self._wake.set()
        self._thread.join(timeout=self._flush_timeout)
