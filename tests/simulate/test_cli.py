"""``pyoombpf simulate``: the table, --json, and errors (cli_simulate.main)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pyoombpf import cli_simulate

from .helpers import EXAMPLES, SCENARIOS

LL = str(EXAMPLES / "largest_leaf.py")
OOMD = str(EXAMPLES / "oomd_like.py")
#: the test policy that passes at its own attach point (the kernel selftest's upward chain)
CHAIN = str(EXAMPLES.parent / "tests" / "policy" / "chain_policy.py")


def test_table_lists_candidates_and_the_decision(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_simulate.main([LL, "--scenario", str(SCENARIOS / "largest_leaf.toml")]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split() == ["cgroup", "usage", "read", "by", "the", "policy", "outcome", "why"]
    row = next(line for line in lines if line.startswith("/oom_test/cg2 "))
    assert "40.0M" in row and "task 102 oom_score_adj=-1000" in row and "skipped" in row
    row = next(line for line in lines if line.startswith("/oom_test/cg3/cg4 "))
    assert "chosen" in row and "kill_memcg: largest_leaf policy" in row
    assert "decision: handled — killed 1 task(s):" in out
    assert "pid 104 (alloc) in /oom_test/cg3/cg4: largest_leaf policy" in out
    assert "note: counters not in the scenario read as 0 (marked ?): NR_FILE_PAGES" in out


def test_json_is_the_whole_result(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_simulate.main([OOMD, "--scenario", str(SCENARIOS / "oomd_like.toml"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["verdict"] == "handled" and data["policy"] == "oomd_like"
    assert [v["cgroup"] for v in data["victims"]] == ["/oom_test/batch-b"]
    crit = next(c for c in data["trace"] if c["cgroup"] == "/oom_test/critical" and c["kind"] == "cgroup")
    assert {
        "attr": "prefs[id]",
        "value": {"mode": 2, "recursive": 0, "last_pgscan": 0},
        "defaulted": False,
    } in crit["reads"]
    assert data["maps"]["decisions"][4] == 1  # KILLS


def test_save_scenario(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    saved = tmp_path / "saved.toml"
    assert (
        cli_simulate.main([LL, "--scenario", str(SCENARIOS / "largest_leaf.toml"), "--save-scenario", str(saved)]) == 0
    )
    first = capsys.readouterr().out
    assert cli_simulate.main([LL, "--scenario", str(saved)]) == 0
    assert capsys.readouterr().out == first


def test_attach_option_and_pass_decision(capsys: pytest.CaptureFixture[str]) -> None:
    scenario = str(SCENARIOS / "largest_leaf.toml")
    assert cli_simulate.main([CHAIN, "--scenario", scenario, "--attach", "oom_test"]) == 0
    out = capsys.readouterr().out
    assert "attached at /oom_test" in out and "decision: pass — nothing killed" in out
    argv = [CHAIN, "--scenario", scenario, "--attach", "/", "--attach", "oom_test", "--json"]
    assert cli_simulate.main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["handlers"] == [
        {"attach_cgroup": "/oom_test", "result": "pass"},
        {"attach_cgroup": "/", "result": "handled"},
    ]


def test_errors_exit_1_with_the_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[oom]\ncgroup = "a"\n[cgroup.a]\nusage = "lots"\n')
    assert cli_simulate.main([LL, "--scenario", str(bad)]) == 1
    assert capsys.readouterr().err.startswith(f"{bad}:4: error: cgroup /a: usage must be a size")
    plain = tmp_path / "plain.py"
    plain.write_text("def f(x):\n    return x\n")
    assert cli_simulate.main([str(plain), "--scenario", str(bad)]) == 1
    assert "defines no @oom_handler or @psi_policy policy" in capsys.readouterr().err
    assert cli_simulate.main([LL, "--scenario", str(bad), "--policy", "nope"]) == 1
    assert "has no function 'nope' (policies: largest_leaf)" in capsys.readouterr().err
    assert cli_simulate.main([LL, "--scenario", str(SCENARIOS / "largest_leaf.toml"), "--cgroup", "x"]) == 1
    assert "--cgroup goes with --live" in capsys.readouterr().err


def test_usage_errors_exit_2() -> None:
    with pytest.raises(SystemExit) as info:
        cli_simulate.main([LL])
    assert info.value.code == 2


def test_the_example_test_file_passes() -> None:
    import subprocess
    import sys

    root = EXAMPLES.parent
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(EXAMPLES / "test_my_policy.py")],
        capture_output=True,
        text=True,
        cwd=root,
        check=False,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "4 passed" in out.stdout


def test_docs_show_the_real_output(capsys: pytest.CaptureFixture[str]) -> None:
    doc = (EXAMPLES.parent / "docs" / "simulate.md").read_text()
    start = doc.index("$ pyoombpf simulate examples/largest_leaf.py --scenario examples/scenarios/largest_leaf.toml")
    shown = doc[start : doc.index("```", start)].split("\n", 1)[1]
    assert cli_simulate.main([LL, "--scenario", str(SCENARIOS / "largest_leaf.toml")]) == 0
    assert capsys.readouterr().out.strip() == shown.strip()
