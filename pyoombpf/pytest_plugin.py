"""pytest plugin: unit-test OOM policies against small scenarios.

Fixtures:

* ``oom_scenario(cgroups, *, oom="/", attach="/", order=0, config=None)`` builds a :class:`Scenario` from a
  dict ``{"path": {cgroup keys}}`` using the keys of the scenario file format (sizes like ``"30M"``, ``stats``,
  ``tasks``, ``maps``, …; see docs/simulate.md) — a few lines per test.
* ``simulate_policy(policy, scenario, **kw)`` runs :func:`pyoombpf.simulate.simulate` and returns the
  :class:`SimResult`; scenario and model errors fail the test with the scenario's message.
* ``scenario_file(path)`` loads a scenario file relative to the test file.

Registered through the ``pytest11`` entry point ``pyoombpf.pytest_plugin``; without it, a test module can say
``pytest_plugins = ["pyoombpf.pytest_plugin"]``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

import pytest

from pyoombpf.errors import PyoombpfError
from pyoombpf.simulate import Scenario, SimResult, simulate


def build_scenario(
    cgroups: Mapping[str, Mapping[str, Any]],
    *,
    oom: str = "/",
    attach: str | list[str] = "/",
    order: int = 0,
    config: Mapping[str, int] | None = None,
    source: str = "<oom_scenario>",
) -> Scenario:
    data: dict[str, Any] = {
        "oom": {"cgroup": oom, "attach": attach, "order": order},
        "cgroup": {k: dict(v) for k, v in cgroups.items()},
    }
    if config:
        data["config"] = dict(config)
    return Scenario.from_dict(data, source)


@pytest.fixture
def oom_scenario(request: pytest.FixtureRequest) -> Callable[..., Scenario]:
    """``oom_scenario({"work/a": {"tasks": [{"pid": 1, "rss": "60M"}]}, ...}, oom="work")``."""

    def make(cgroups: Mapping[str, Mapping[str, Any]], **kw: Any) -> Scenario:
        kw.setdefault("source", f"<oom_scenario of {request.node.name}>")
        try:
            return build_scenario(cgroups, **kw)
        except PyoombpfError as e:
            pytest.fail(str(e), pytrace=False)

    return make


@pytest.fixture
def simulate_policy() -> Callable[..., SimResult]:
    """``simulate_policy(policy, scenario, maps=..., config=..., attach_cgroup=..., strict=...)``."""

    def run(policy: Any, scenario: Scenario | str, **kw: Any) -> SimResult:
        try:
            return simulate(policy, scenario, **kw)
        except PyoombpfError as e:
            pytest.fail(f"simulating {getattr(policy, '__name__', policy)} failed: {e}", pytrace=False)

    return run


@pytest.fixture
def scenario_file(request: pytest.FixtureRequest) -> Callable[[str], Scenario]:
    """``scenario_file("scenarios/x.toml")``: a scenario file, relative to the test file."""
    here = os.path.dirname(str(request.node.fspath))

    def load(path: str) -> Scenario:
        return Scenario.load(path if os.path.isabs(path) else os.path.join(here, path))

    return load
