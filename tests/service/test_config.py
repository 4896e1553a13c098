"""The ``pyoombpf run`` configuration file: every key checked, ``FILE:LINE: error:`` messages, flags win, map
entries checked against the policy's own maps and constants."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from pyoombpf.cli_run import build_parser
from pyoombpf.service import config
from pyoombpf.service.config import ConfigError
from pyoombpf.service.runner import merge

REPO = Path(__file__).resolve().parents[2]


def error(text: str) -> str:
    with pytest.raises(ConfigError) as err:
        config.loads(text, "svc.toml")
    return str(err.value)


def test_a_full_configuration_loads_with_every_key(tmp_path: Path) -> None:
    path = tmp_path / "svc.toml"
    path.write_text(
        'policy = "policy.py"\nfunction = "oomd_like"\ncgroup = "jobs"\nmode = "bridge"\ndeadline_ms = 300\n'
        'triggers = ["max", "psi"]\npsi = "some 150000 2000000"\ncooldown_ms = 0\nmetrics = "127.0.0.1:9464"\n'
        'log = "json"\n\n[maps.prefs]\n"jobs/a" = { mode = "OMIT" }\n\n[maps.prefs."jobs/b"]\nmode = 1\n'
    )
    cfg = config.load(str(path))
    assert cfg.values == {
        "policy": str(tmp_path / "policy.py"),  # relative to the configuration file
        "function": "oomd_like",
        "cgroup": "jobs",
        "mode": "bridge",
        "deadline_ms": 300.0,
        "triggers": ("max", "psi"),
        "psi": "some 150000 2000000",
        "cooldown_ms": 0.0,
        "metrics": "127.0.0.1:9464",
        "log": "json",
    }
    assert [(e.map, e.cgroup, e.value, e.line) for e in cfg.maps] == [
        ("prefs", "jobs/a", {"mode": "OMIT"}, 13),
        ("prefs", "jobs/b", {"mode": 1}, 15),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'cgroup = "x"\nmood = "auto"\n',
            "svc.toml:2: error: unknown key 'mood' (allowed: policy, policy_lib, function",
        ),
        ('\nmode = "kernel"\n', "svc.toml:2: error: mode must be one of auto, bridge, struct_ops, not 'kernel'"),
        ("deadline_ms = 0\n", "svc.toml:1: error: deadline_ms must be greater than 0, not 0"),
        ('deadline_ms = "250"\n', "svc.toml:1: error: deadline_ms must be a number, not a string"),
        ("cooldown_ms = -1\n", "svc.toml:1: error: cooldown_ms must be at least 0, not -1"),
        ('triggers = ["max", "oom"]\n', "svc.toml:1: error: triggers must name triggers from max, high, psi"),
        ('psi = "some 1"\n', "svc.toml:1: error: psi: a PSI trigger is 'some|full <stall us> <window us>'"),
        ('metrics = "9464"\n', 'svc.toml:1: error: the metrics address must be "HOST:PORT"'),
        ('log = "syslog"\n', "svc.toml:1: error: log must be one of auto, text, json, journal, not 'syslog'"),
        ("policy = 3\n", "svc.toml:1: error: policy must be a string, not an integer"),
        ('mode = "auto"\nmode = "bridge"\n', "svc.toml:2: error: not valid TOML: Cannot overwrite a value"),
        ("maps = 3\n", "svc.toml:1: error: maps must be a table of [maps.NAME] tables, not an integer"),
        ('[maps]\nprefs = "x"\n', "svc.toml:2: error: maps.prefs must be a table of cgroup paths"),
        ('[maps.prefs]\n"a/../b" = 1\n', "svc.toml:2: error: maps.prefs: cgroup path 'a/../b' must not contain '..'"),
        ('[maps.prefs]\n"/etc/x" = 1\n', "svc.toml:2: error: maps.prefs: cgroup path '/etc/x' is absolute but not"),
    ],
)
def test_bad_keys_and_values_are_located(text: str, expected: str) -> None:
    assert error(text).startswith(expected), error(text)


def test_library_policies_by_name() -> None:
    from pyoombpf import policies

    cfg = config.loads('policy = "lib:systemd_oomd"\n', "/etc/pyoombpf/svc.toml")
    assert cfg.values["policy"] == policies.path("systemd_oomd")
    assert config.loads('policy_lib = "oomd_like"\n', "svc.toml").values["policy_lib"] == "oomd_like"
    assert error('\npolicy = "lib:oomd"\n').startswith(
        "svc.toml:2: error: policy: no library policy 'oomd'; the library has: earlyoom_like, kernel_like, "
    )
    assert error('policy_lib = "x"\n').startswith("svc.toml:1: error: policy_lib: no library policy 'x'")
    assert error('policy = "p.py"\npolicy_lib = "oomd_like"\n').startswith(
        "svc.toml:2: error: give the policy once: policy = "
    )


def test_a_missing_file_says_so() -> None:
    with pytest.raises(ConfigError, match=r"/nonexistent\.toml: error: cannot read the configuration: No such file"):
        config.load("/nonexistent.toml")


# ---------------------------------------------------------------------------------------------- flags win


def _args(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args(list(argv))


def test_flags_win_over_the_configuration(tmp_path: Path) -> None:
    path = tmp_path / "svc.toml"
    path.write_text('policy = "p.py"\ncgroup = "from-config"\nmode = "bridge"\nlog = "json"\ntriggers = "max"\n')
    args = _args("--config", str(path), "--cgroup", "from-flag", "--log", "text", "--triggers", "high,psi")
    merge(args)
    assert (args.file, args.cgroup, args.mode, args.log, args.triggers) == (
        str(tmp_path / "p.py"),
        "from-flag",
        "bridge",
        "text",
        ("high", "psi"),
    )
    args = _args("other.py", "--config", str(path), "--json")
    merge(args)
    assert (args.file, args.log, args.triggers) == ("other.py", "json", ("max",))


def test_without_a_policy_and_a_configuration_run_says_what_to_give(tmp_path: Path) -> None:
    if Path(config.DEFAULT_PATH).exists():
        pytest.skip(f"{config.DEFAULT_PATH} exists on this machine: run would read it")
    from pyoombpf.errors import PyoombpfError

    with pytest.raises(PyoombpfError, match="no policy: give the policy file"):
        merge(_args())
    path = tmp_path / "svc.toml"
    path.write_text('cgroup = "x"\n')
    with pytest.raises(PyoombpfError, match=f"no policy file: give one on the command line or as policy = in {path}"):
        merge(_args("--config", str(path)))


def test_every_run_option_has_a_configuration_key() -> None:
    dests = {a.dest for a in build_parser()._actions if a.dest not in ("help", "config")}
    assert dests == set(config.FLAG_KEYS), "a `pyoombpf run` option without a configuration key (FLAG_KEYS)"
    assert set(config.FLAG_KEYS.values()) <= set(config.KEYS)


# ---------------------------------------------------------------------------------------------- maps vs. policy


@pytest.fixture(scope="module")
def oomd() -> tuple[dict[str, object], dict[str, int]]:
    import pyoombpf
    from pyoombpf.files import import_file
    from tests.bundled import bundled_kernel_types

    mod = import_file(REPO / "examples" / "oomd_like.py")
    with bundled_kernel_types():  # a non-kernel test: the same bridge program on every machine
        obj = pyoombpf.compile(mod.oomd_like, mode="bridge")
    return dict(obj.spec.maps), obj.spec.constants


def bind_error(text: str, oomd: tuple[dict[str, object], dict[str, int]]) -> str:
    with pytest.raises(ConfigError) as err:
        config.bind_maps(config.loads(text, "svc.toml"), *oomd)
    return str(err.value)


def test_map_entries_become_typed_values(oomd: tuple[dict[str, object], dict[str, int]]) -> None:
    text = '[maps.prefs]\n"a" = { mode = "OMIT", recursive = 1 }\n"b" = { mode = 1, last_pgscan = 5 }\n'
    [a, b] = config.bind_maps(config.loads(text, "svc.toml"), *oomd)
    assert (a.map, a.cgroup, a.line) == ("prefs", "a", 2)
    assert (a.value.mode, a.value.recursive, a.value.last_pgscan) == (2, 1, 0)
    assert (b.value.mode, b.value.last_pgscan) == (1, 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('\n[maps.pref]\n"a" = 1\n', "svc.toml:2: error: the policy has no map 'pref' (its hash maps: prefs)"),
        (
            '[maps.decisions]\n"a" = 1\n',
            "svc.toml:1: error: map 'decisions' is an array map with u32 keys; entries by cgroup path need a "
            "HashMap or LruHashMap keyed by u64 (a cgroup id)",
        ),
        ('[maps.prefs]\n"a" = 2\n', 'svc.toml:2: error: maps.prefs."a" must be a table of Pref fields, like'),
        (
            '[maps.prefs]\n"a" = { mood = 1 }\n',
            "svc.toml:2: error: maps.prefs.\"a\": Pref has no field 'mood' (fields: mode, recursive, last_pgscan)",
        ),
        (
            '[maps.prefs."a"]\nrecursive = 0\nmode = "OMMIT"\n',
            "svc.toml:3: error: maps.prefs.\"a\".mode: the policy has no constant 'OMMIT' (its constants: NONE, AVOID",
        ),
        ('[maps.prefs]\n"a" = { mode = -1 }\n', 'svc.toml:2: error: maps.prefs."a".mode = -1 does not fit u32'),
        (
            '[maps.prefs]\n"a" = { mode = true }\n',
            'svc.toml:2: error: maps.prefs."a".mode must be an integer or the name of a constant of the policy, not a '
            "boolean",
        ),
    ],
)
def test_map_entries_that_do_not_fit_the_policy_are_located(
    text: str, expected: str, oomd: tuple[dict[str, object], dict[str, int]]
) -> None:
    assert bind_error(text, oomd).startswith(expected), bind_error(text, oomd)


def test_release_sections_declare_the_directories_drop_files_may_empty(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    cfg = config.loads(
        f'[release.cache]\npath = "{cache}"\norder = "oldest"\nkeep = "*.lock"\n\n'
        f'[release.scratch]\npath = "{tmp_path}"\nkeep = ["a*", "b"]\n',
        "svc.toml",
    )
    assert {t: (d.path, d.order, d.keep) for t, d in cfg.release.items()} == {
        "cache": (str(cache), "oldest", ("*.lock",)),
        "scratch": (str(tmp_path), "largest", ("a*", "b")),
    }


def test_bad_release_sections_are_located(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    cases = {
        '[release.c]\norder = "largest"\n': "svc.toml:1: error: release.c needs path",
        f'[release.c]\npath = "{real}"\norder = "newest"\n': "svc.toml:3: error: release.c.order must be one of",
        f'[release.c]\npath = "{real}"\nsize = 3\n': "svc.toml:3: error: release.c: unknown key 'size'",
        '[release.c]\npath = "relative/dir"\n': "svc.toml:2: error: [release.c] path must be absolute",
        f'[release.c]\npath = "{real}"\nkeep = 3\n': "svc.toml:3: error: release.c.keep must be a glob",
        '[release."a b"]\npath = "/tmp"\n': "svc.toml:1: error: release.a b: a tag is",
    }
    for text, expected in cases.items():
        assert error(text).startswith(expected), (text, error(text))


def test_release_directories_are_checked_on_the_machine_before_anything_starts(tmp_path: Path) -> None:
    """What the file alone cannot tell (the directory exists, is not a symlink, no symlink on the way) and the
    policy's tags are checked by bind_release, which `pyoombpf check` and `pyoombpf run` call; located too."""
    real = tmp_path / "real"
    (real / "sub").mkdir(parents=True)
    (tmp_path / "alias").symlink_to(real)
    drops = [["drop_files", "c", 0, ""]]
    for path, expected in [
        (tmp_path / "alias", "svc.toml:3: error: [release.c] path"),
        (tmp_path / "alias" / "sub", "goes through a symlink"),
        (tmp_path / "missing", "No such file or directory"),
    ]:
        cfg = config.loads(f'\n[release.c]\npath = "{path}"\n', "svc.toml")
        with pytest.raises(ConfigError) as err:
            config.bind_release(cfg, drops)
        assert str(err.value).startswith("svc.toml:") and expected in str(err.value), str(err.value)
    cfg = config.loads(f'policy = "p.py"\n[release.other]\npath = "{real}"\n', "svc.toml")
    with pytest.raises(ConfigError, match="svc.toml:1: error: the policy drops files tagged c"):
        config.bind_release(cfg, drops)
    config.bind_release(config.loads(f'[release.c]\npath = "{real}"\n', "svc.toml"), drops)


@pytest.mark.usefixtures("bundled_kernel")  # the check compiles a bridge program (in a child, which inherits it)
def test_check_refuses_a_policy_whose_drop_files_tag_is_not_declared(tmp_path: Path) -> None:
    import subprocess
    import sys

    cfg = tmp_path / "svc.toml"
    cfg.write_text(f'policy = "{REPO / "examples" / "release_first.py"}"\nmode = "bridge"\n')

    def check() -> subprocess.CompletedProcess[str]:
        cmd = [sys.executable, "-I", "-m", "pyoombpf.cli", "check", "--config", str(cfg)]
        return subprocess.run(cmd, capture_output=True, text=True)

    out = check()
    assert (
        out.returncode == 1 and "the policy drops files tagged cache, and no [release.<tag>] declares it" in out.stderr
    )
    (tmp_path / "cache").mkdir()
    cfg.write_text(cfg.read_text() + f'\n[release.cache]\npath = "{tmp_path / "cache"}"\n')
    out = check()
    assert out.returncode == 0 and "ok: policy release_first" in out.stdout, out.stderr
