"""Fuzz test: random hostile modules (tests/compiler/hostile.py) either compile — and then the kernel and the
Python model compute the same — or fail with a CompileError located in the module's own file, or (the one kernel
outcome besides running) are refused by the verifier because a loop's state space is too large for it (E2BIG),
reported at the loop's Python line.  No other outcome passes: not an exception of another kind, not an internal
compiler error, not a backend failure the compiler's pre-checks should have caught, and not a dead process.

Every compile runs in a worker process (fuzz_worker.py), so an LLVM failure that ends its process is a test
failure with the module's source, not the end of pytest.  ``make test`` runs a bounded number of examples
(``PYOOMBPF_FUZZ_EXAMPLES``, default 120); ``make fuzz`` runs 2,000 (``EXAMPLES=``, ``SEED=``).
"""

from __future__ import annotations

import errno
import itertools
import json
import os
import selectors
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.compiler.hostile import Program, bounds, programs
from tests.compiler.hostile_parts import PARTS, POLICY_PARTS

WORKER = Path(__file__).with_name("fuzz_worker.py")
#: examples in all (``make fuzz``: 2,000), spread over the cases below so that every hostile part is tried
EXAMPLES = int(os.environ.get("PYOOMBPF_FUZZ_EXAMPLES", "120"))
#: ``make test``'s bounded run draws the same modules on every machine (CI must not fail on what one run happened
#: to draw); ``make fuzz`` explores: a fresh seed each run, or ``SEED=``
DERANDOMIZE = "PYOOMBPF_FUZZ_EXAMPLES" not in os.environ
#: seconds one module may take (LLVM on the largest generated modules takes a few)
TIMEOUT_S = 300
#: compile targets that are not functions at all: the error is at the compile() call, in the worker
_CALL_SITE_TARGETS = {"target_none", "target_builtin", "target_object", "target_int", "target_class"}
_files = itertools.count()


class Worker:
    """The worker process; restarted after it dies (the answer then says how)."""

    def __init__(self, cwd: str) -> None:
        self.cwd = cwd
        self.proc: subprocess.Popen[str] | None = None

    def start(self) -> subprocess.Popen[str]:
        self.stderr = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - lives as long as the process
        self.proc = subprocess.Popen(
            [sys.executable, "-I", str(WORKER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            text=True,
            cwd=self.cwd,
        )
        return self.proc

    def ask(self, request: dict[str, Any]) -> dict[str, Any]:
        proc = self.proc if self.proc is not None and self.proc.poll() is None else self.start()
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(json.dumps(request) + "\n")
        proc.stdin.flush()
        with selectors.DefaultSelector() as sel:
            sel.register(proc.stdout, selectors.EVENT_READ)
            ready = sel.select(TIMEOUT_S)
        line = proc.stdout.readline() if ready else ""
        if line:
            return json.loads(line)  # type: ignore[no-any-return]
        if not ready:
            proc.kill()
        status = proc.wait()
        self.stderr.seek(0)
        tail = self.stderr.read()[-3000:]
        self.stderr.close()
        self.proc = None
        return {"outcome": "timeout" if not ready else "died", "status": status, "stderr": tail}

    def close(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.stderr.close()


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="pyoombpf-fuzz-") as d:
        yield Path(d)


@pytest.fixture(scope="module")
def worker(workdir: Path) -> Iterator[Worker]:
    w = Worker(str(workdir))
    yield w
    w.close()


def _args(data: st.DataObject, params: list[str]) -> list[list[int]]:
    out = []
    for _ in range(4):
        row = []
        for t in params:
            lo, hi = bounds(t)
            row.append(data.draw(st.one_of(st.sampled_from([lo, hi, 0, 1]), st.integers(lo, hi)), label=t))
        out.append(row)
    return out


def check(answer: dict[str, Any], prog: Program, path: Path) -> None:
    """The outcome must be one of the two that pass (module docstring)."""
    outcome = answer["outcome"]
    where = f"\n--- {path} ---\n{prog.source}"
    if outcome == "compiled":
        if prog.kind == "syscall":
            assert answer["kernel"] == answer["python"], f"kernel and Python model differ: {answer}{where}"
        return
    if outcome == "not-supported":  # a kernel feature the policy needs is missing here: named in the message
        assert "is not supported here" in answer["message"], answer
        return
    if outcome == "rejected":  # the verifier gave up on a loop's state space: the policy's size, said at its line
        assert answer["errno"] == errno.E2BIG and "loop" in answer["text"], f"{answer['text']}{where}"
        assert answer["file"] == str(path) and 1 <= answer["line"] <= prog.source.count("\n") + 1, answer["text"]
        return
    assert outcome == "error", f"{outcome}: {answer}{where}"
    text = answer["text"]
    assert answer["type"] != "BackendError", f"a backend failure the pre-checks missed:\n{text}{where}"
    assert "internal" not in answer["message"] and "pyoombpf bug" not in text, f"{text}{where}"
    allowed = {str(path)}
    if _CALL_SITE_TARGETS & set(prog.features):
        allowed.add(str(WORKER))
    assert answer["file"] in allowed, f"error not located in the module:\n{text}{where}"
    nlines = prog.source.count("\n") + 1
    if answer["file"] == str(path):
        assert 1 <= answer["line"] <= nlines and answer["col"] >= 1, f"{text}{where}"


def _cases() -> list[tuple[str, Any, int]]:
    """(kind, hostile part or None, weight): each part once; programs of the language only weigh more (they
    are where the kernel and the model can disagree)."""
    cases: list[tuple[str, Any, int]] = [("syscall", None, 8), ("policy", None, 2)]
    cases += [("syscall", p, 1) for p in dict.fromkeys(PARTS)]
    cases += [("policy", p, 1) for p in dict.fromkeys(POLICY_PARTS)]
    return cases


CASES = _cases()
_UNIT = max(1, EXAMPLES // sum(w for _, _, w in CASES))


def _run_case(kind: str, part: Any, data: st.DataObject, worker: Worker, workdir: Path) -> None:
    prog = data.draw(programs(kind, part), label="module")
    path = workdir / f"gen_{next(_files)}.py"
    path.write_text(prog.source)
    request = {
        "path": str(path),
        "target": prog.target,
        "kind": prog.kind,
        "args": _args(data, prog.params) if prog.kind == "syscall" else [],
        "kernel": prog.kind == "syscall",
    }
    answer = worker.ask(request)
    event(f"outcome: {answer['outcome']}{' (isolated)' if answer.get('isolated') else ''}")
    _tally(kind, part, answer)
    check(answer, prog, path)


#: outcomes of the modules run, for the summary ``make fuzz`` prints (PYOOMBPF_FUZZ_SUMMARY names its file)
TALLY: Counter[str] = Counter()


def _tally(kind: str, part: Any, answer: dict[str, Any]) -> None:
    outcome = answer["outcome"]
    TALLY["modules"] += 1
    TALLY[f"outcome {outcome}{' (LLVM in a child process)' if answer.get('isolated') else ''}"] += 1
    if outcome == "compiled" and "kernel" in answer:
        TALLY["compiled and run in the kernel and as Python"] += 1
    if outcome == "error":
        TALLY[f"error {answer['type']}"] += 1
    TALLY[f"case {kind}-{part.__name__ if part else 'language'}: {outcome}"] += 1


@pytest.fixture(scope="module", autouse=True)
def _summary() -> Iterator[None]:
    yield
    path = os.environ.get("PYOOMBPF_FUZZ_SUMMARY")
    if path:
        Path(path).write_text("".join(f"{n:6d}  {what}\n" for what, n in sorted(TALLY.items())))


@pytest.mark.kernel
@pytest.mark.parametrize(
    ("kind", "part", "weight"), CASES, ids=[f"{k}-{p.__name__ if p else 'language'}" for k, p, _ in CASES]
)
def test_hostile_module_compiles_or_fails_located(
    kind: str, part: Any, weight: int, worker: Worker, workdir: Path
) -> None:
    @settings(
        max_examples=_UNIT * weight,
        deadline=None,
        database=None,
        derandomize=DERANDOMIZE,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        _run_case(kind, part, data, worker, workdir)

    run()
