"""Per-cgroup counters the relay keeps: OOMs, kills, refused kills and failsafes by reason.

The kernel counts neither a policy's kills (``oom_kill`` in ``memory.oom_control`` / ``memory.events`` moves only
for its own OOM killer) nor our failsafes, so the relay does.  :attr:`Relay.counters
<pyoombpf.bridge.loop.RelayLoop.counters>` returns a :class:`CountersSnapshot`, a frozen copy that is safe to
read from any thread (a metrics exporter's, say) while the relay runs; totals and one :class:`CgroupCounters` per
cgroup id.  What each counter is attributed to:

* ``ooms``: the OOMing memcg (the one that hit its limit), one per OOM the relay handled or the watchdog released;
* ``kills`` and ``refused``: the cgroup of the victim (as the policy recorded it);
* ``failsafes[why]``: the OOMing memcg, ``why`` being the ``failsafe`` event's (``declined``, ``error``,
  ``no-memcg``, ``deadline``, ``watchdog``).

Counters start at zero when the relay starts and are never reset; a cgroup removed and created again at the same
path has a new id, hence a new entry.
"""

from __future__ import annotations

import _thread  # the lock only: threading.py would add most of a MiB to the relay's locked memory
from types import MappingProxyType

from pyoombpf.plain import Frozen

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping


class CgroupCounters(Frozen):
    """The counters of one cgroup (``cgroup`` is its path when it was last counted)."""

    __slots__ = _fields = ("cgroup", "cgroup_id", "ooms", "kills", "refused", "failsafes")
    cgroup: str
    cgroup_id: int
    ooms: int
    kills: int
    refused: int
    failsafes: Mapping[str, int]

    def __init__(self, cgroup: str, cgroup_id: int, ooms: int = 0, kills: int = 0, refused: int = 0,
                 failsafes: Mapping[str, int] | None = None) -> None:  # fmt: skip
        self._set(cgroup=cgroup, cgroup_id=cgroup_id, ooms=ooms, kills=kills, refused=refused,
                  failsafes={} if failsafes is None else failsafes)  # fmt: skip

    __hash__ = None  # type: ignore[assignment]


class CountersSnapshot(Frozen):
    """Totals over every cgroup, and ``by_cgroup`` keyed by cgroup id."""

    __slots__ = _fields = ("ooms", "kills", "refused", "failsafes", "by_cgroup")
    ooms: int
    kills: int
    refused: int
    failsafes: Mapping[str, int]
    by_cgroup: Mapping[int, CgroupCounters]

    def __init__(self, ooms: int = 0, kills: int = 0, refused: int = 0, failsafes: Mapping[str, int] | None = None,
                 by_cgroup: Mapping[int, CgroupCounters] | None = None) -> None:  # fmt: skip
        self._set(ooms=ooms, kills=kills, refused=refused, failsafes={} if failsafes is None else failsafes,
                  by_cgroup={} if by_cgroup is None else by_cgroup)  # fmt: skip

    __hash__ = None  # type: ignore[assignment]


class _Entry:
    __slots__ = ("path", "ooms", "kills", "refused", "failsafes")

    def __init__(self, path: str) -> None:
        self.path = path
        self.ooms = self.kills = self.refused = 0
        self.failsafes: dict[str, int] = {}


class Counters:
    """The relay's mutable counters; :meth:`snapshot` for readers."""

    def __init__(self) -> None:
        self._lock = _thread.allocate_lock()
        self._by_id: dict[int, _Entry] = {}

    def _entry(self, cgroup_id: int, path: str) -> _Entry:
        entry = self._by_id.get(cgroup_id)
        if entry is None:
            entry = self._by_id[cgroup_id] = _Entry(path)
        entry.path = path
        return entry

    def oom(self, cgroup_id: int, path: str) -> None:
        with self._lock:
            self._entry(cgroup_id, path).ooms += 1

    def kill(self, cgroup_id: int, path: str, *, refused: bool = False) -> None:
        with self._lock:
            entry = self._entry(cgroup_id, path)
            if refused:
                entry.refused += 1
            else:
                entry.kills += 1

    def failsafe(self, cgroup_id: int, path: str, why: str) -> None:
        with self._lock:
            entry = self._entry(cgroup_id, path)
            entry.failsafes[why] = entry.failsafes.get(why, 0) + 1

    def snapshot(self) -> CountersSnapshot:
        with self._lock:
            by_id = {
                cid: CgroupCounters(e.path, cid, e.ooms, e.kills, e.refused, MappingProxyType(dict(e.failsafes)))
                for cid, e in self._by_id.items()
            }
        failsafes: dict[str, int] = {}
        for c in by_id.values():
            for why, n in c.failsafes.items():
                failsafes[why] = failsafes.get(why, 0) + n
        return CountersSnapshot(
            ooms=sum(c.ooms for c in by_id.values()),
            kills=sum(c.kills for c in by_id.values()),
            refused=sum(c.refused for c in by_id.values()),
            failsafes=MappingProxyType(failsafes),
            by_cgroup=MappingProxyType(by_id),
        )
