"""A process that defines policies again and again keeps only the compiled objects of those still alive."""

from __future__ import annotations

import gc

from pyoombpf import PASS, OomControl, Verdict, oom_handler, testing, u64
from pyoombpf.memo import PerObject
from pyoombpf.simulate import run as R


def _policy() -> object:
    @oom_handler(name="again")
    def again(oc: OomControl) -> Verdict:
        return PASS

    return again


def _plain() -> object:
    def twice(x: u64) -> u64:
        return x * 2

    return twice


def test_simulate_forgets_the_policies_that_are_gone() -> None:
    kept = _policy()
    first = R.compiled_policy(kept)
    R._traced(first)
    gc.collect()  # what earlier tests left to the collector goes now, not in the count below
    before = len(R._COMPILED), len(R._TRACED)
    for _ in range(3):
        gone = _policy()
        R._traced(R.compiled_policy(gone))
        del gone
    gc.collect()
    assert (len(R._COMPILED), len(R._TRACED)) == before
    assert R.compiled_policy(kept) is first  # a live policy is still compiled once


def test_kernel_call_helpers_forget_the_functions_that_are_gone() -> None:
    gc.collect()
    before = len(testing._compiled)
    for _ in range(3):
        fn = _plain()
        obj = testing.compiled(fn)
        assert testing.compiled(fn) is obj
        del fn, obj
    gc.collect()
    assert len(testing._compiled) == before


def test_an_object_without_weak_references_is_held_and_found_again() -> None:
    memo: PerObject[int] = PerObject()
    key = (1, 2)  # tuples cannot be weakly referenced
    assert memo.get(key, lambda: 7) == 7
    assert memo.get(key, lambda: 8) == 7
    assert len(memo) == 1
