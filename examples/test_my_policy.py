"""Unit-testing an OOM policy with pyoombpf's pytest plugin: build a small cgroup tree, simulate, assert.

.venv/bin/python -m pytest examples/test_my_policy.py
"""

from largest_leaf import largest_leaf
from oomd_like import AVOID, OMIT

from pyoombpf.simulate import SimResult

pytest_plugins = ["pyoombpf.pytest_plugin"]  # not needed once pyoombpf is installed (pytest11 entry point)


def test_the_biggest_leaf_dies(oom_scenario, simulate_policy):
    scenario = oom_scenario(
        {
            "work/web": {"tasks": [{"pid": 10, "comm": "nginx", "rss": "200M"}]},
            "work/batch": {"tasks": [{"pid": 11, "comm": "etl", "rss": "700M"}]},
        },
        oom="work",
    )
    result: SimResult = simulate_policy(largest_leaf, scenario)
    assert result.verdict == "handled"
    assert [v.comm for v in result.victims] == ["etl"]
    assert result.cgroup("work/web").outcome == "skipped"


def test_an_unkillable_task_protects_its_cgroup(oom_scenario, simulate_policy):
    scenario = oom_scenario(
        {
            "work/db": {"tasks": [{"pid": 20, "comm": "postgres", "rss": "900M", "oom_score_adj": -1000}]},
            "work/cache": {"tasks": [{"pid": 21, "comm": "memcached", "rss": "300M"}]},
        },
        oom="work",
    )
    assert simulate_policy(largest_leaf, scenario).victim_cgroups == ["/work/cache"]


def test_largest_leaf_decides_the_oom_of_the_cgroup_it_is_attached_to(oom_scenario, simulate_policy):
    scenario = oom_scenario(
        {"work/a": {"tasks": [{"pid": 30, "rss": "1G"}]}, "work/b": {"tasks": [{"pid": 31, "rss": "2G"}]}},
        oom="work",
        attach="work",
    )
    assert simulate_policy(largest_leaf, scenario).victim_cgroups == ["/work/b"]


def test_oomd_like_preferences_come_from_the_scenario(oom_scenario, simulate_policy):
    from oomd_like import oomd_like

    scenario = oom_scenario(
        {
            "work/critical": {"maps": {"prefs": {"mode": OMIT}}, "tasks": [{"pid": 40, "rss": "900M"}]},
            "work/big": {"maps": {"prefs": {"mode": AVOID}}, "tasks": [{"pid": 41, "rss": "800M"}]},
            "work/small": {"tasks": [{"pid": 42, "rss": "100M"}]},
        },
        oom="work",
    )
    result = simulate_policy(oomd_like, scenario)
    assert result.victim_cgroups == ["/work/small"]
    assert result.cgroup("work/critical").value("prefs[id]").mode == OMIT
