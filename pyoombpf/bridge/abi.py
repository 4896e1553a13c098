"""The contract between a bridge-mode program and its relay: the SYSCALL program's context.

A policy compiled with ``compile(fn, mode="bridge")`` is one ``SEC("syscall")`` program (named
``CompiledObject.symbol``).  The relay fills a :class:`BridgeContext` with what it knows about the OOM, runs the
program once with ``BPF_PROG_RUN`` and reads the same buffer back: the kernel copies a SYSCALL program's context
in and out, so the program reports every signal it sent in it.  The program's return value is the verdict
(1: at least one process was killed, 0: the policy passed).

The kills themselves are recorded in the object's array map ``KILLS_MAP`` (key: u32 index ``0 .. min(nr_kills,
MAX_KILLS)-1``, value: a ``KillRecord``): the verifier refuses variable offsets into a context, so a record
array cannot live there.  Read them with :func:`decode_kill` after each run.

Layout (little endian, every field naturally aligned; ``CTX_SIZE`` bytes)::

    0   u64 memcg_id          in   cgroup id of the OOMing memory cgroup (0: the root of the memory hierarchy)
    8   u64 attach_cgroup_id  in   cgroup id of the cgroup the policy is attached to
    16  u64 totalpages        in   the OOMing memcg's limit in pages (the machine's pages for the root)
    24  u64 gfp_mask          in   allocation flags of the failed charge if known, else 0
    32  i32 order             in   allocation order if known, else 0
    36  u32 hierarchy_id      in   cgroup v1 memory hierarchy id (/proc/cgroups), 0 when memory is on cgroup v2
    40  u32 flags             in   FLAG_VICTIM_EXITING: a process of the memcg is already dying
    44  u32 nr_kills          out  processes signalled (may exceed MAX_KILLS: the rest are not recorded)
    48  u32 status            out  STATUS_* below
    52  u32 attach_depth      in   1 + the attach cgroup's level (the hierarchy root: 1); 0: kills are not checked
    56  u32 tried             in   bit i: release call site i already acted in this OOM (it returns PASS now)
    60  u32 nr_actions        out  release actions recorded (may exceed MAX_ACTIONS: the rest are not recorded)
    64  u64 released          in   bytes the release actions of earlier runs freed for this OOM (oc.released)

    KillRecord (value of KILLS_MAP, 32 bytes): u32 pid (tgid), u32 reason (index into CompiledObject.kill_reasons,
                           | KILL_REFUSED), u64 cgroup_id, char comm[16]

    ActionRecord (value of ACTIONS_MAP, 24 bytes): u32 site (index into CompiledObject.releases), u32 flags
                           (ACTION_REFUSED), u64 cgroup_id (reclaim, freeze; 0 for drop_files), u64 bytes

A release action (``oc.reclaim``/``oc.drop_files``/``oc.freeze``) is not carried out by the program: it records
what the policy chose and returns 1; the relay carries it out, measures what it freed, and runs the program again
with the site's bit in ``tried`` and the bytes in ``released`` when the OOM is not over.

When ``attach_depth`` is set, a kill whose victim is not inside the attach subtree (``attach_cgroup_id`` and its
descendants) is **refused** by the program: no signal is sent, and the record carries ``KILL_REFUSED`` in
``reason`` (for ``kill_memcg`` one record for the whole cgroup, with pid 0).  ``nr_kills`` counts every record,
refused ones included.
"""

from __future__ import annotations

import struct

from pyoombpf.plain import Frozen, Plain

MAX_KILLS = 16
KILLS_MAP = "pyo_kills"
#: the program's own array of bridge facts (hierarchy id, kill and action counts); a name no user map may take
ENV_MAP = "pyo_env"
MAX_ACTIONS = 8
ACTIONS_MAP = "pyo_actions"
#: release call sites per policy (one bit each in ``tried``)
MAX_RELEASE_SITES = 32
#: set in an action record's ``flags``: the program refused it (the cgroup is outside the attach subtree)
ACTION_REFUSED = 1
FLAG_VICTIM_EXITING = 1
#: set in a kill record's ``reason``: the program refused this kill (the victim is outside the attach subtree)
KILL_REFUSED = 1 << 31

#: a cgroup id no cgroup has (kernfs ids count up from 1): the relay's start-up probe runs the program with it
NO_SUCH_CGROUP = (1 << 64) - 1

STATUS_OK = 0
#: the program found no memory cgroup with ``memcg_id`` (it was removed, or the id is from another hierarchy)
STATUS_NO_MEMCG = 1

_HEAD = struct.Struct("<QQQQiIIIIIIIQ")
_KILL = struct.Struct("<IIQ16s")
_ACTION = struct.Struct("<IIQQ")
CTX_SIZE = _HEAD.size

#: byte offsets of the context fields (the compiler reads and writes them at these offsets)
OFFSETS = {
    "memcg_id": 0,
    "attach_cgroup_id": 8,
    "totalpages": 16,
    "gfp_mask": 24,
    "order": 32,
    "hierarchy_id": 36,
    "flags": 40,
    "nr_kills": 44,
    "status": 48,
    "attach_depth": 52,
    "tried": 56,
    "nr_actions": 60,
    "released": 64,
}
KILL_SIZE = _KILL.size
KILL_OFFSETS = {"pid": 0, "reason": 4, "cgroup_id": 8, "comm": 16}
ACTION_SIZE = _ACTION.size
ACTION_OFFSETS = {"site": 0, "flags": 4, "cgroup_id": 8, "bytes": 16}


class KillRecord(Frozen):
    """One kill the program recorded."""

    __slots__ = _fields = ("pid", "reason", "cgroup_id", "comm", "refused")
    pid: int
    reason: int
    cgroup_id: int
    comm: str
    refused: bool

    def __init__(self, pid: int, reason: int, cgroup_id: int, comm: str, refused: bool = False) -> None:
        self._set(pid=pid, reason=reason, cgroup_id=cgroup_id, comm=comm, refused=refused)


class ActionRecord(Frozen):
    """A release action the policy chose: ``site`` indexes ``CompiledObject.releases``."""

    __slots__ = _fields = ("site", "cgroup_id", "nbytes", "refused")
    site: int
    cgroup_id: int
    nbytes: int
    refused: bool

    def __init__(self, site: int, cgroup_id: int, nbytes: int, refused: bool = False) -> None:
        self._set(site=site, cgroup_id=cgroup_id, nbytes=nbytes, refused=refused)


class BridgeContext(Plain):
    """The context, field by field (``replace(**changes)`` copies it with changes)."""

    __slots__ = _fields = (
        "memcg_id",
        "attach_cgroup_id",
        "totalpages",
        "gfp_mask",
        "order",
        "hierarchy_id",
        "flags",
        "nr_kills",  # filled in by the program
        "status",  # filled in by the program
        "attach_depth",  # in, after the outputs in this class only to keep its positional order
        "tried",  # in: bit i = release site i acted already in this OOM
        "nr_actions",  # filled in by the program
        "released",  # in: bytes freed by earlier runs' release actions
    )

    def __init__(
        self,
        memcg_id: int = 0,
        attach_cgroup_id: int = 0,
        totalpages: int = 0,
        gfp_mask: int = 0,
        order: int = 0,
        hierarchy_id: int = 0,
        flags: int = 0,
        nr_kills: int = 0,
        status: int = STATUS_OK,
        attach_depth: int = 0,
        tried: int = 0,
        nr_actions: int = 0,
        released: int = 0,
    ) -> None:
        self.memcg_id, self.attach_cgroup_id, self.totalpages = memcg_id, attach_cgroup_id, totalpages
        self.gfp_mask, self.order, self.hierarchy_id, self.flags = gfp_mask, order, hierarchy_id, flags
        self.nr_kills, self.status, self.attach_depth = nr_kills, status, attach_depth
        self.tried, self.nr_actions, self.released = tried, nr_actions, released

    def encode(self) -> bytearray:
        buf = bytearray(CTX_SIZE)
        _HEAD.pack_into(
            buf,
            0,
            self.memcg_id,
            self.attach_cgroup_id,
            self.totalpages,
            self.gfp_mask,
            self.order,
            self.hierarchy_id,
            self.flags,
            0,
            0,
            self.attach_depth,
            self.tried,
            0,
            self.released,
        )
        return buf

    @classmethod
    def decode(cls, buf: bytes | bytearray) -> BridgeContext:
        if len(buf) < CTX_SIZE:
            raise ValueError(f"a bridge context is {CTX_SIZE} bytes; got {len(buf)}")
        memcg_id, attach, total, gfp, order, hier, flags, nr_kills, status, level, tried, nr_actions, released = (
            _HEAD.unpack_from(buf, 0)
        )
        return cls(
            memcg_id, attach, total, gfp, order, hier, flags, nr_kills, status, level, tried, nr_actions, released
        )


def decode_kill(value: bytes | bytearray) -> KillRecord:
    """One value of ``KILLS_MAP``."""
    pid, reason, cgid, comm = _KILL.unpack_from(value, 0)
    name = comm.split(b"\0", 1)[0].decode(errors="backslashreplace")
    return KillRecord(pid, reason & ~KILL_REFUSED, cgid, name, bool(reason & KILL_REFUSED))


def decode_action(value: bytes | bytearray) -> ActionRecord:
    """One value of ``ACTIONS_MAP``."""
    site, flags, cgid, nbytes = _ACTION.unpack_from(value, 0)
    return ActionRecord(site, cgid, nbytes, bool(flags & ACTION_REFUSED))
