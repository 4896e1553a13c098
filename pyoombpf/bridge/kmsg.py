"""Lines for the kernel log (``/dev/kmsg``), where OOM monitoring looks for kills, and the escaping every text
line of the bridge uses.

Each policy kill becomes one ``pyoombpf: kill pid=… comm="…" cgroup="…" policy="…" reason="…" oom="…" seq=…``
record at level ``err`` (the level of the kernel's own "Killed process" lines); the watchdog writes a
``pyoombpf: watchdog: …`` record at level ``warning`` when it takes over.  Strings are quoted, and backslashes,
quotes and control characters in them escaped, so a victim's ``comm`` cannot forge a record.

``/dev/kmsg`` limits each open file to 10 records per 5 s unless ``printk.devkmsg=on``: a kill record must not
be dropped by that limit, so each record is written through a file opened for it alone.  Writing needs root; a
failure is returned (its errno name), never raised.
"""

from __future__ import annotations

import errno as _errno
import os

KMSG = "/dev/kmsg"
LEVEL_ERR, LEVEL_WARNING = 3, 4
PREFIX = "pyoombpf: "


def escape(text: str) -> str:
    """``text`` with backslashes and every control character (C0, DEL, C1) written as ``\\xNN`` escapes (``\\n``,
    ``\\t``, ``\\r`` kept short): safe to print on one line of a terminal or a log."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch in "\n\t\r":
            out.append({"\n": "\\n", "\t": "\\t", "\r": "\\r"}[ch])
        elif code < 0x20 or 0x7F <= code <= 0x9F:
            out.append(f"\\x{code:02x}")
        else:
            out.append(ch)
    return "".join(out)


def quote(text: str) -> str:
    """``"text"``, escaped, with inner quotes escaped too."""
    return '"' + escape(text).replace('"', '\\"') + '"'


def fields(**values: object) -> str:
    """``key=value`` pairs: integers bare, everything else quoted."""
    return " ".join(f"{k}={v}" if isinstance(v, int) else f"{k}={quote(str(v))}" for k, v in values.items())


def kill_line(*, pid: int, comm: str, cgroup: str, policy: str, reason: str, oom: str, seq: int) -> str:
    return PREFIX + "kill " + fields(pid=pid, comm=comm, cgroup=cgroup, policy=policy, reason=reason, oom=oom, seq=seq)


def write(line: str, level: int = LEVEL_ERR) -> str | None:
    """Write one record; None, or the errno name of the failure."""
    # one record; the newline ends it (a record without one stays open for a continuation: readers see it only
    # when the next record comes).  The kernel cuts a record at ~1 KiB.
    data = f"<{level}>{line[:1000]}\n".encode(errors="backslashreplace")
    try:
        fd = os.open(KMSG, os.O_WRONLY | os.O_CLOEXEC | os.O_NONBLOCK)
    except OSError as exc:
        return _errno.errorcode.get(exc.errno or 0, str(exc.errno))
    try:
        os.write(fd, data)
    except OSError as exc:
        return _errno.errorcode.get(exc.errno or 0, str(exc.errno))
    finally:
        os.close(fd)
    return None
