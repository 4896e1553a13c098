"""The step of the relay that decides: run the policy on a :class:`BridgeContext`, get back a :class:`Decision`.

In bridge mode the decider is the compiled SYSCALL program (:class:`ProgramDecider`): it runs in the kernel,
kills the victims itself and records them in the context.  Anything with the same call signature can stand in
(the relay's own tests use small Python deciders).
"""

from __future__ import annotations

from pyoombpf.bridge.abi import (
    ACTIONS_MAP,
    KILLS_MAP,
    MAX_ACTIONS,
    MAX_KILLS,
    ActionRecord,
    BridgeContext,
    KillRecord,
    decode_action,
    decode_kill,
)
from pyoombpf.plain import Frozen

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any


class Decision(Frozen):
    """What the policy did: its return value (1: it killed, 0: it passed), the context it filled in and the
    kills it recorded (at most ``MAX_KILLS``; ``ctx.nr_kills`` counts them all, refused ones included)."""

    __slots__ = _fields = ("retval", "ctx", "kills", "duration_ns", "actions")
    retval: int
    ctx: BridgeContext
    kills: list[KillRecord]
    duration_ns: int
    #: the release actions it chose (oc.reclaim/drop_files/freeze), for the relay to carry out
    actions: list[ActionRecord]

    def __init__(self, retval: int, ctx: BridgeContext, kills: list[KillRecord] | None = None,
                 duration_ns: int = 0, actions: list[ActionRecord] | None = None) -> None:  # fmt: skip
        self._set(
            retval=retval, ctx=ctx, kills=[] if kills is None else kills, duration_ns=duration_ns,
            actions=[] if actions is None else actions,
        )  # fmt: skip

    __hash__ = None  # type: ignore[assignment]  # holds a list, like the dataclass it replaces

    @property
    def killed(self) -> bool:
        """The policy says it killed, and at least one kill was not refused."""
        return self.retval != 0 and self.ctx.nr_kills > sum(k.refused for k in self.kills)


if TYPE_CHECKING:
    Decider = Callable[[BridgeContext], Decision]


class ProgramDecider:
    """Runs a loaded bridge object's program once per OOM with ``BPF_PROG_RUN`` and reads the kill records
    from its ``KILLS_MAP``."""

    def __init__(self, obj: Any, symbol: str) -> None:
        from pyoombpf.runtime.codec import IntCodec

        self._program = obj.program(symbol)
        self._kills = obj.map(KILLS_MAP, key=IntCodec(4))
        try:
            self._actions: Any = obj.map(ACTIONS_MAP, key=IntCodec(4))
        except KeyError:  # an object compiled before release actions existed
            self._actions = None

    def __call__(self, ctx: BridgeContext) -> Decision:
        run = self._program.test_run(ctx.encode())
        out = BridgeContext.decode(run.ctx_out)
        kills = [decode_kill(self._kills[i]) for i in range(min(out.nr_kills, MAX_KILLS))]
        actions = []
        if self._actions is not None:
            actions = [decode_action(self._actions[i]) for i in range(min(out.nr_actions, MAX_ACTIONS))]
        return Decision(run.retval, out, kills, run.duration_ns, actions)
