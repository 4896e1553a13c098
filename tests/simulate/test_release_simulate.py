"""Simulate with release actions: the scenario declares disposable files ([release.TAG]) and reclaimable page
cache (a cgroup's ``reclaimable``); the result says what each action would free, and a release that frees
enough handles the OOM without a kill."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyoombpf.simulate import simulate
from pyoombpf.simulate.errors import ScenarioError
from pyoombpf.simulate.tomlfmt import dumps, loads
from tests.examples import example

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = (ROOT / "examples" / "scenarios" / "release_first.toml").read_text()
MB = 1 << 20
release_first = example("release_first").release_first
#: simulate compiles it (in bridge mode: it drops files) against the bundled kernel description, as on any machine
pytestmark = pytest.mark.usefixtures("bundled_kernel")


def _without_cache(reclaimable: str) -> str:
    text = SCENARIO.split("[release.cache]")[0]
    return text.replace('reclaimable = "40M"', f'reclaimable = "{reclaimable}"')


def test_dropping_the_cache_is_enough_and_nothing_is_killed() -> None:
    res = simulate(release_first, loads(SCENARIO))
    assert res.handled and not res.victims
    assert [(r.kind, r.target, r.freed) for r in res.releases] == [("drop_files", "cache", 24 * MB)]
    assert "drop_files cache: would free 24.0 MiB" in res.table()
    assert res.to_json()["releases"][0]["freed"] == 24 * MB


def test_without_a_cache_the_batch_page_cache_is_reclaimed() -> None:
    res = simulate(release_first, loads(_without_cache("40M")))
    assert res.handled and not res.victims
    assert [(r.kind, r.target, r.asked, r.freed) for r in res.releases] == [
        ("drop_files", "cache", 0, 0),
        ("reclaim", "/srv/batch-b", 30 * MB, 30 * MB),
    ]
    assert res.cgroup("/srv/batch-b").outcome == "chosen"


def test_when_releases_free_too_little_the_largest_batch_leaf_is_killed() -> None:
    res = simulate(release_first, loads(_without_cache("10M")))
    assert res.handled and res.victim_cgroups == ["/srv/batch-a"]
    assert [(r.kind, r.freed) for r in res.releases] == [("drop_files", 0), ("reclaim", 10 * MB)]
    assert "reclaim /srv/batch-b: would free 10.0 MiB, asked 30.0 MiB" in res.table()


def test_release_declarations_round_trip_and_are_checked() -> None:
    sc = loads(SCENARIO)
    again = loads(dumps(sc))
    assert again.release["cache"].bytes == 24 * MB and again.release["cache"].cgroup == "srv/web"
    assert again.cgroups["srv/batch-b"].reclaimable == 40 * MB
    for text, message in [
        (SCENARIO + '\n[release.other]\ncgroup = "srv"\n', "release.other needs bytes"),
        (SCENARIO + '\n[release.other]\nbytes = "1M"\ncgroup = "nowhere"\n', "release.other cgroup names /nowhere"),
        (SCENARIO + '\n[release.other]\nbytes = "1M"\nfiles = 3\n', "unknown key 'files' in release.other"),
        (SCENARIO.replace('reclaimable = "40M"', 'reclaimable = "lots"'), "reclaimable must be a size"),
    ]:
        with pytest.raises(ScenarioError, match=message):
            loads(text)
