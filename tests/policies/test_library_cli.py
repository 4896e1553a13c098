"""The library by name: ``pyoombpf policies``, ``pyoombpf run --policy-lib NAME`` and the configuration file."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from pyoombpf import policies
from pyoombpf.cli_run import build_parser
from pyoombpf.errors import PyoombpfError
from pyoombpf.service.runner import merge


def cli(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pyoombpf.cli", *argv], capture_output=True, text=True, timeout=120)


def test_policies_lists_one_line_each() -> None:
    out = cli("policies")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert [line.split()[0] for line in lines] == policies.names()
    assert all(policies.LIBRARY[line.split()[0]] in line for line in lines)


def test_policies_name_prints_the_source_to_copy(tmp_path: Path) -> None:
    out = cli("policies", "systemd_oomd")
    assert out.returncode == 0 and out.stdout == Path(policies.path("systemd_oomd")).read_text()
    copy = tmp_path / "mine.py"
    copy.write_text(out.stdout)
    from pyoombpf.files import import_file, pick_function

    fn = pick_function(import_file(copy), None, str(copy), policy_only=True)
    assert fn.__name__ == "systemd_oomd"  # the copy is an ordinary policy file
    out = cli("policies", "--path", "kernel_like")
    assert out.stdout.strip() == policies.path("kernel_like")


def test_an_unknown_policy_is_one_line_and_exit_1() -> None:
    out = cli("policies", "oomd")
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr.strip() == (
        "pyoombpf: error: no library policy 'oomd'; the library has: earlyoom_like, kernel_like, largest_leaf, "
        "oomd_like, priority_classes, systemd_oomd (pyoombpf policies lists them)"
    )
    out = cli("run", "--policy-lib", "oomd", "--cgroup", "x")
    assert out.returncode == 1 and "pyoombpf: error: --policy-lib: no library policy 'oomd'" in out.stderr


def _args(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args(list(argv))


def test_run_policy_lib_resolves_to_the_library_file(tmp_path: Path) -> None:
    args = _args("--policy-lib", "earlyoom_like", "--cgroup", "x")
    merge(args)
    assert args.file == policies.path("earlyoom_like")
    with pytest.raises(PyoombpfError, match="either a policy file or --policy-lib NAME, not both"):
        merge(_args("p.py", "--policy-lib", "earlyoom_like"))


def test_the_configuration_names_a_library_policy_and_the_flag_wins(tmp_path: Path) -> None:
    path = tmp_path / "svc.toml"
    path.write_text('policy = "lib:priority_classes"\ncgroup = "batch"\n')
    args = _args("--config", str(path))
    merge(args)
    assert (args.file, args.cgroup) == (policies.path("priority_classes"), "batch")
    path.write_text('policy_lib = "priority_classes"\n')
    args = _args("--config", str(path))
    merge(args)
    assert args.file == policies.path("priority_classes")
    args = _args("--config", str(path), "--policy-lib", "largest_leaf")  # the command line wins
    merge(args)
    assert args.file == policies.path("largest_leaf")
    args = _args(str(tmp_path / "own.py"), "--config", str(path))
    merge(args)
    assert args.file == str(tmp_path / "own.py")


@pytest.mark.parametrize("name", policies.names())
def test_check_accepts_each_library_policy_with_its_maps(tmp_path: Path, name: str) -> None:
    """``pyoombpf check`` compiles the library policy and checks map entries against it, by constant name."""
    path = tmp_path / "svc.toml"
    path.write_text(
        f'policy = "lib:{name}"\ncgroup = "batch.slice"\nmode = "bridge"\n\n'
        '[maps.prefs]\n"batch.slice/db.service" = "OMIT"\n"batch.slice/etl.service" = "AVOID"\n\n'
        '[maps.settings]\n"batch.slice" = { kill = "KILL_PROCESS" }\n'
    )
    out = cli("check", "--config", str(path))
    assert out.returncode == 0, out.stderr
    assert f"ok: policy {name} from {policies.path(name)} on batch.slice, 3 map entries" in out.stdout


def test_names_in_the_configuration_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "svc.toml"
    path.write_text('policy_lib = "earlyoom_like"\nmode = "bridge"\n\n[names]\n"chrome*" = "PREFER"\n"sshd" = "OMIT"\n')
    out = cli("check", "--config", str(path))
    assert out.returncode == 0, out.stderr
    assert f"ok: policy earlyoom_like from {policies.path('earlyoom_like')} on the root memory cgroup" in out.stdout
    assert "0 map entries, 2 process names" in out.stdout
    path.write_text('policy_lib = "earlyoom_like"\n\n[names]\n"a*b" = "PREFER"\n')
    out = cli("check", "--config", str(path))
    assert out.returncode == 1
    assert out.stderr.startswith(f"{path}:4: error: names: 'a*b' is not a process name: 1..15 bytes")
    path.write_text('policy_lib = "earlyoom_like"\nmode = "bridge"\n\n[names]\n"sshd" = "OMITT"\n')
    out = cli("check", "--config", str(path))
    assert out.returncode == 1 and f"{path}:5: error: names.\"sshd\": the policy has no constant 'OMITT'" in out.stderr
    path.write_text('policy = "lib:largest_leaf"\nmode = "bridge"\n\n[names]\n"sshd" = "OMIT"\n')
    out = cli("check", "--config", str(path))
    assert out.returncode == 1 and "[names] fills the policy's names map" in out.stderr


def test_name_keys_match_the_kernels_hash() -> None:
    from pyoombpf.policies.earlyoom_like import EXACT_TAG, name_key

    assert name_key("sshd", prefix=True) ^ EXACT_TAG == name_key("sshd")
