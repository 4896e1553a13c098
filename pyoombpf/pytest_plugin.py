"""pytest plugin: unit-test OOM policies against small scenarios.

Fixtures:

* ``oom_scenario(cgroups, *, oom="/", attach="/", order=0, config=None)`` builds a :class:`Scenario` from a
  dict ``{"path": {cgroup keys}}`` using the keys of the scenario file format (sizes like ``"30M"``, ``stats``,
  ``tasks``, ``maps``, …; see docs/simulate.md) — a few lines per test.
* ``simulate_policy(policy, scenario, **kw)`` runs :func:`pyoombpf.simulate.simulate` and returns the
  :class:`SimResult`; scenario and model errors fail the test with the scenario's message.
* ``scenario_file(path)`` loads a scenario file relative to the test file.

A test module whose import fails in a policy file (a syntax error, a failing import, a ``NameError`` at module
level) is reported like the ``pyoombpf`` command reports it: ``FILE:LINE:COL: error: …`` with the source line and a
caret, instead of a traceback through importlib and pytest.  Only errors located in a file that uses pyoombpf
and is not the test module itself (a syntax error anywhere) are rewritten, and not with ``PYOOMBPF_DEBUG=1``; any
other collection error is reported by pytest as usual.

Registered through the ``pytest11`` entry point ``pyoombpf.pytest_plugin``; without it, a test module can say
``pytest_plugins = ["pyoombpf.pytest_plugin"]``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Mapping
from typing import Any

import pytest

from pyoombpf.errors import CompileError, PyoombpfError
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


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(
    collector: pytest.Collector,
) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
    report = yield
    call = getattr(report, "call", None)  # pytest keeps the CallInfo there for collect_one_node
    if report.failed and call is not None and call.excinfo is not None:
        located = policy_load_error(call.excinfo.value, str(collector.path))
        if located is not None:
            report.longrepr = str(located)
    return report


def policy_load_error(exc: BaseException, path: str) -> CompileError | None:
    """A collection error as pyoombpf reports a file Python cannot load, if it is located in a file that uses
    pyoombpf (a policy, or a test of one); else None."""
    from pyoombpf.files import load_error

    while isinstance(exc, pytest.Collector.CollectError) and exc.__cause__ is not None:
        exc = exc.__cause__  # pytest's wrapper around the SyntaxError / ImportError of the import
    if isinstance(exc, pytest.Collector.CollectError):
        return None
    if os.environ.get("PYOOMBPF_DEBUG"):
        return None
    located = load_error(exc, os.path.abspath(path))
    if located.loc is None or not _uses_pyoombpf(located.loc.filename):
        return None
    if located.loc.filename == os.path.abspath(path) and not isinstance(exc, SyntaxError):
        return None  # the test module's own code failed: pytest's report shows that best
    return located


def _uses_pyoombpf(filename: str) -> bool:
    try:
        with open(filename, encoding="utf-8", errors="replace") as f:
            return "pyoombpf" in f.read()
    except OSError:
        return False
