"""The natural-policy corpus (corpus.py): compiles in both modes, decides as expected in simulate mode, and loads
in bridge mode on this machine's kernel (struct_ops loads are checked in the VM: test_natural_vm.py)."""

from __future__ import annotations

import pytest

import pyoombpf
from pyoombpf.simulate import simulate
from tests.differential.harness import BridgeProgram

from .corpus import CORPUS, HERE, policy, scenario

NAMES = sorted(CORPUS)


def test_the_corpus_is_complete() -> None:
    """At least 20 policies; every policy file has an expectation and a scenario, and the other way round."""
    files = {p.stem for p in HERE.glob("*.py") if not p.stem.startswith(("_", "test_", "corpus", "real"))}
    assert len(NAMES) >= 20
    assert files == set(NAMES)
    assert {p.stem for p in HERE.glob("*.toml")} == set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_simulate_decides_as_expected(name: str) -> None:
    want = CORPUS[name]
    result = simulate(policy(name), scenario(name))
    assert (result.verdict, tuple(sorted(v.pid for v in result.victims))) == (want.verdict, want.victims), (
        result.table()
    )
    for array, values in want.arrays.items():
        assert list(result.maps[array].data) == values


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("mode", ["struct_ops", "bridge"])
@pytest.mark.usefixtures("bundled_kernel")  # a non-kernel test: the same result with every build of the kernel
def test_compiles(name: str, mode: str) -> None:
    obj = pyoombpf.compile(policy(name), mode=mode)
    assert obj.kind == mode and obj.insn_count > 0


@pytest.mark.kernel
@pytest.mark.parametrize("name", NAMES)
def test_loads_in_bridge_mode(name: str) -> None:
    """Loading is the verifier's acceptance (before issue 19, four of these were refused after 10-60 s each);
    load times and processed instructions are in docs/benchmarks.md, not asserted here."""
    with BridgeProgram(policy(name)) as prog:
        assert prog.prog.fd >= 0
