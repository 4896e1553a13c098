"""Benchmark probe run *inside* the pyoombpf test VM by ``bench_natural.py --vm`` (a pytest file only because
pytest is what the VM's init runs; not part of the test suite).

Every policy of the natural-policy corpus (``tests/policy/natural/``) is compiled in the guest as a struct_ops
object (ABI v3), loaded through pyoombpf.runtime a few times, and reported as one ``PYOOMBPF-BENCH <json>`` line:
instruction slots, the verifier's processed instructions, and the median open+load time (TCG-emulated: compare
policies with each other, not with the host).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))
RUNS = 3


def _has_bpf_oom_ops() -> bool:
    try:
        return b"\x00bpf_oom_ops\x00" in Path("/sys/kernel/btf/vmlinux").read_bytes()
    except OSError:
        return False


@pytest.mark.skipif(not _has_bpf_oom_ops(), reason="the running kernel has no struct bpf_oom_ops: run it in the VM")
def test_corpus_loads_and_reports() -> None:
    from kinfo import prog_info

    from pyoombpf.compiler import compile as pcompile
    from pyoombpf.runtime import BpfObject
    from tests.policy.natural.corpus import CORPUS, policy

    for name in sorted(CORPUS):
        obj = pcompile(policy(name))
        loads, verified = [], 0
        for _ in range(RUNS):
            start = time.perf_counter()
            with BpfObject.open(obj.elf, obj.name) as loaded:
                loaded.load()
                loads.append(time.perf_counter() - start)
                verified = sum(prog_info(p.fd).verified_insns for p in loaded.programs())
        record = {"policy": name, "insns": obj.insn_count, "verified": verified}
        record["load_ms"] = statistics.median(loads) * 1e3
        print("PYOOMBPF-BENCH " + json.dumps(record), flush=True)
        assert verified > 0
