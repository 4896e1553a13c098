"""``sd_notify``: tell systemd the relay is ready (``Type=notify`` in the unit) and when it stops.

The protocol is one datagram of ``KEY=VALUE`` lines to the ``AF_UNIX`` socket named by ``$NOTIFY_SOCKET`` (a
path, or an abstract name written with a leading ``@``), documented in sd_notify(3).  Without
``$NOTIFY_SOCKET`` (not started by systemd) it does nothing.
"""

from __future__ import annotations

import os
import socket


def notify(state: str) -> bool:
    """Send ``state`` (e.g. ``"READY=1"``); whether a notification socket was there to send it to."""
    address = os.environ.get("NOTIFY_SOCKET")
    if not address or address[0] not in "/@":
        return False
    target = "\0" + address[1:] if address[0] == "@" else address
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
        try:
            sock.sendto(state.encode(), target)
        except OSError:
            return False
    return True
