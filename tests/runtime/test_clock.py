"""``now_ns()`` really runs in the kernel (a SYSCALL program, BPF_PROG_RUN): its reads never go backwards and
read the clock of this process's ``time.monotonic_ns()``.  Relations only, with generous bounds: the value
itself differs between the kernel and any model (the Python execution reads its model's clock)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from pyoombpf import now_ns, u64
from pyoombpf.testing import KernelFunction

pytestmark = pytest.mark.kernel

#: how far the kernel's reading may be from the test process's, either way (a loaded machine may deschedule the
#: test between its reads; this is a sanity bound on the clock's identity, not a timing assertion)
SLACK_NS = 5 * 1_000_000_000


def read_clock() -> u64:
    return now_ns()


def two_reads(n: u64) -> u64:
    first = now_ns()
    total: u64 = 0
    for i in range(1000):  # some work between the reads
        if u64(i) < n:
            total += u64(i)
    second = now_ns()
    if second < first or total > (1 << 40):
        return 1 << 63  # the clock went backwards: impossible for CLOCK_MONOTONIC (total never is that big)
    return second - first


@pytest.fixture(scope="module")
def clock() -> Iterator[KernelFunction]:
    with KernelFunction(read_clock) as kf:
        yield kf


def test_the_kernels_clock_is_this_process_monotonic_clock(clock: KernelFunction) -> None:
    before = time.monotonic_ns()
    in_kernel = clock()
    after = time.monotonic_ns()
    assert before - SLACK_NS <= in_kernel <= after + SLACK_NS, (before, in_kernel, after)


def test_successive_runs_never_go_backwards(clock: KernelFunction) -> None:
    readings = [clock() for _ in range(50)]
    assert readings == sorted(readings)
    assert readings[-1] > 0


def test_two_reads_in_one_program_are_ordered() -> None:
    with KernelFunction(two_reads) as kf:
        for n in (0, 10, 1000):
            elapsed = kf(n)
            assert 0 <= elapsed < SLACK_NS, elapsed  # not wrapped (second < first would be 2**63)
