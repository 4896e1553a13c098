"""``pyoombpf service install|uninstall`` into a temporary root (never this machine's /etc), the units checked
by ``systemd-analyze verify``, and the default configuration checked by ``pyoombpf check``."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pyoombpf.service import install as inst

# `pyoombpf check` compiles the policy for bridge mode: against the bundled kernel description, the same on
# every machine (the kernel's own memcg counter layout differs between builds)
pytestmark = pytest.mark.usefixtures("bundled_kernel")

REPO = Path(__file__).resolve().parents[2]
UNITS = ("pyoombpf.service", "pyoombpf@.service")


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-I", "-m", "pyoombpf.cli", *args], capture_output=True, text=True)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    out = cli("service", "install", "--root", str(tmp_path))
    assert out.returncode == 0, out.stderr
    return tmp_path


def analyze() -> str:
    tool = shutil.which("systemd-analyze")
    if tool is None:
        pytest.skip("systemd-analyze is missing (Debian package systemd; make bootstrap installs it)")
    return tool


def test_install_writes_units_configuration_and_policy(root: Path) -> None:
    for unit in UNITS:
        text = (root / "etc/systemd/system" / unit).read_text()
        assert text.splitlines()[0].startswith(inst.HEADER.format(unit=unit))
        assert f"ExecStart={sys.executable} -I -m pyoombpf.cli run --config " in text
    assert "--config /etc/pyoombpf/%i.toml" in (root / "etc/systemd/system/pyoombpf@.service").read_text()
    assert (root / "etc/pyoombpf/policy.py").read_text() == (REPO / "examples/oomd_like.py").read_text()
    assert 'policy = "policy.py"' in (root / "etc/pyoombpf/pyoombpf.toml").read_text()


def test_systemd_analyze_verify_accepts_the_installed_units(root: Path) -> None:
    tool = analyze()
    for unit in UNITS:
        out = subprocess.run([tool, "verify", str(root / "etc/systemd/system" / unit)], capture_output=True, text=True)
        assert (out.returncode, out.stderr, out.stdout) == (0, "", ""), f"{unit}: {out.stderr}"
    instance = root / "pyoombpf@web.service"  # what pyoombpf@web would load
    instance.write_text((root / "etc/systemd/system/pyoombpf@.service").read_text())
    out = subprocess.run([tool, "verify", str(instance)], capture_output=True, text=True)
    assert (out.returncode, out.stderr) == (0, ""), out.stderr


def test_systemd_analyze_verify_would_catch_a_bad_setting(root: Path) -> None:
    """The check above means something: verify reports a mistyped or out-of-range setting."""
    tool = analyze()
    unit = root / "etc/systemd/system/pyoombpf.service"
    unit.write_text(unit.read_text().replace("OOMScoreAdjust=-1000", "OOMScoreAdjust=-2000\nProtectSistem=strict"))
    out = subprocess.run([tool, "verify", str(unit)], capture_output=True, text=True)
    assert "Unknown key 'ProtectSistem'" in out.stderr and "OOM score adjust value out of range" in out.stderr


def test_the_unit_keeps_a_low_exposure_score(root: Path) -> None:
    tool = analyze()
    unit = root / "etc/systemd/system/pyoombpf.service"
    out = subprocess.run([tool, "security", "--offline=yes", str(unit)], capture_output=True, text=True)
    m = re.search(r"Overall exposure level for pyoombpf.service: (\d+\.\d+)", out.stdout)
    if m is None:
        pytest.skip(f"this systemd-analyze cannot rate a unit file offline: {out.stderr.strip()[:200]}")
    assert float(m.group(1)) <= 5.0, out.stdout  # 4.5 ("OK") when written; each setting is justified in the unit


def test_capabilities_are_the_measured_minimum(root: Path) -> None:
    text = (root / "etc/systemd/system/pyoombpf.service").read_text()
    assert "CapabilityBoundingSet=CAP_BPF CAP_PERFMON CAP_IPC_LOCK CAP_SYS_NICE\n" in text
    assert "AmbientCapabilities=CAP_BPF CAP_PERFMON CAP_IPC_LOCK CAP_SYS_NICE\n" in text
    settings = [line for line in text.splitlines() if line and not line.startswith(("#", "["))]
    lines = text.splitlines()
    for setting in settings:  # every setting has its reason in a comment right above it (or a block above it)
        i = lines.index(setting)
        assert any(lines[j].startswith("#") for j in range(max(0, i - 12), i)), setting


def test_the_default_configuration_passes_check(root: Path) -> None:
    out = cli("check", "--config", str(root / "etc/pyoombpf/pyoombpf.toml"))
    assert out.returncode == 0, out.stderr
    assert out.stdout.rstrip().splitlines()[-1].endswith("on system.slice, 3 map entries")
    assert "ok: policy oomd_like from" in out.stdout


def test_check_reports_a_located_error_and_exits_1(root: Path) -> None:
    config = root / "etc/pyoombpf/pyoombpf.toml"
    config.write_text(config.read_text().replace('{ mode = "OMIT" }', '{ mode = "OMITT" }', 1))
    out = cli("check", "--config", str(config))
    line = next(i for i, text in enumerate(config.read_text().splitlines(), 1) if "OMITT" in text)
    assert out.returncode == 1
    assert out.stderr.startswith(f'{config}:{line}: error: maps.prefs."system.slice/systemd-journald.service".mode: ')
    assert "the policy has no constant 'OMITT'" in out.stderr


def test_check_reports_a_policy_compile_error(root: Path) -> None:
    policy = root / "etc/pyoombpf/policy.py"
    policy.write_text(policy.read_text().replace("scope = oc.memcg", "scope = oc.memcgg"))
    out = cli("check", "--config", str(root / "etc/pyoombpf/pyoombpf.toml"))
    assert out.returncode == 1
    assert f"{policy}:" in out.stderr and "OomControl has no attribute 'memcgg'" in out.stderr


def test_install_keeps_an_existing_configuration_and_uninstall_removes_only_its_units(root: Path) -> None:
    config = root / "etc/pyoombpf/pyoombpf.toml"
    config.write_text('policy = "policy.py"\ncgroup = "mine"\n')
    out = cli("service", "install", "--root", str(root))
    assert f"kept {config} (exists; --force replaces it)" in out.stdout
    assert config.read_text() == 'policy = "policy.py"\ncgroup = "mine"\n'
    foreign = root / "etc/systemd/system/pyoombpf@.service"
    foreign.write_text("[Service]\nExecStart=/bin/true\n")  # someone's own unit under our name
    out = cli("service", "uninstall", "--root", str(root))
    assert out.returncode == 0, out.stderr
    assert not (root / "etc/systemd/system/pyoombpf.service").exists()
    assert foreign.exists() and f"kept {foreign} (not installed by pyoombpf)" in out.stdout
    assert config.exists()  # without --purge the configuration stays
    cli("service", "uninstall", "--root", str(root), "--purge")
    assert not (root / "etc/pyoombpf").exists()


def test_install_with_a_policy_of_ones_own(root: Path) -> None:
    out = cli("service", "install", "--root", str(root), "--policy", str(REPO / "examples/largest_leaf.py"))
    assert out.returncode == 0, out.stderr
    assert (root / "etc/pyoombpf/policy.py").read_text() == (REPO / "examples/largest_leaf.py").read_text()
    out = cli("service", "install", "--root", str(root), "--policy", "/nonexistent.py")
    assert out.returncode == 1 and "cannot read the policy /nonexistent.py: No such file" in out.stderr


def test_install_into_another_root_names_the_file_to_edit_there(tmp_path: Path) -> None:
    out = cli("service", "install", "--root", str(tmp_path))
    assert out.returncode == 0, out.stderr
    assert f"next: edit {tmp_path}/etc/pyoombpf/pyoombpf.toml (/etc/pyoombpf/pyoombpf.toml once" in out.stdout
    assert "`pyoombpf check --config /etc/pyoombpf/pyoombpf.toml`" in out.stdout
