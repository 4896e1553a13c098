"""Ring buffers: bursts of 100,000 records reach Python without loss, losses are counted."""

from __future__ import annotations

import select
import struct
from collections.abc import Iterator
from typing import NamedTuple

import pytest

from pyoombpf.errors import KernelError
from pyoombpf.runtime import BpfObject, RingBuffer, StructCodec

from .conftest import Build

pytestmark = pytest.mark.kernel
BURST = struct.Struct("<QQ")  # struct pyo_burst_args: count, sent
N = 100_000


class Event(NamedTuple):
    seq: int
    tgid: int
    cpu: int


EVENT = StructCodec("QII", Event)


@pytest.fixture
def rb_obj(build: Build, no_fd_leak: None) -> Iterator[BpfObject]:
    with BpfObject.open(build("ringbuf.c"), "rb") as obj:
        obj.load()
        yield obj


def _burst(obj: BpfObject, program: str, count: int) -> int:
    return BURST.unpack(obj.program(program).test_run(BURST.pack(count, 0)).ctx_out)[1]


def test_burst_arrives_complete_and_in_order_through_the_iterator(rb_obj: BpfObject) -> None:
    with RingBuffer(rb_obj.map("events"), decode=EVENT) as rb:
        assert _burst(rb_obj, "burst", N) == N
        records = list(rb.iter(timeout_ms=50))
        assert rb.lost == 0 and rb.received == N
    assert [r.seq for r in records] == list(range(N))
    assert isinstance(records[0], Event) and records[0].tgid > 0


def test_burst_through_a_callback(rb_obj: BpfObject) -> None:
    seen: list[int] = []
    with RingBuffer(rb_obj.map("events"), decode=lambda data: data, callback=lambda d: seen.append(len(d))) as rb:
        _burst(rb_obj, "burst", 1000)
        handled = 0
        while handled < 1000:
            got = rb.poll(timeout_ms=1000)
            assert got > 0, "records announced by the program did not arrive"
            handled += got
        assert rb.consume() == 0
    assert seen == [16] * 1000


def test_losses_are_counted_never_silent(rb_obj: BpfObject) -> None:
    with RingBuffer(rb_obj.map("small"), decode=EVENT) as rb:
        sent = _burst(rb_obj, "burst_small", N)
        received = len(rb.drain())
        assert received == sent
        assert rb.lost is not None and rb.lost > 0
        assert received + rb.lost == N


def test_loss_counter_by_convention_by_argument_or_unknown(rb_obj: BpfObject) -> None:
    with RingBuffer(rb_obj.map("events")) as rb:
        assert rb.lost == 0  # events_lost, found by the <ring>_lost naming convention
    with RingBuffer(rb_obj.map("plain"), lost_counter=rb_obj.map("small_lost")) as rb:
        _burst(rb_obj, "burst_small", N)
        assert rb.lost is not None and rb.lost > 0  # the counter given explicitly
    with RingBuffer(rb_obj.map("plain")) as rb:
        assert rb.lost is None  # no counter: losses cannot be known, and that is what it says


def test_decode_errors_surface_from_poll(rb_obj: BpfObject) -> None:
    def broken(data: bytes) -> object:
        raise RuntimeError("bad record")

    with RingBuffer(rb_obj.map("events"), decode=broken) as rb:
        _burst(rb_obj, "burst", 3)
        with pytest.raises(RuntimeError, match="bad record"):
            rb.poll(timeout_ms=1000)


def test_epoll_fd_signals_new_records(rb_obj: BpfObject) -> None:
    with RingBuffer(rb_obj.map("events")) as rb:
        poller = select.poll()
        poller.register(rb.epoll_fd, select.POLLIN)
        assert poller.poll(0) == []
        _burst(rb_obj, "burst", 2)
        assert poller.poll(1000)
        assert [len(r) for r in rb.drain()] == [16, 16]


def test_only_ring_buffer_maps_and_closed_rings_refuse_use(rb_obj: BpfObject) -> None:
    with pytest.raises(TypeError, match="'events_lost' is a array map, not a ring buffer"):
        RingBuffer(rb_obj.map("events_lost"))
    rb = RingBuffer(rb_obj.map("events"))
    rb.close()
    with pytest.raises(KernelError, match="ring buffer is closed"):
        rb.poll(0)
