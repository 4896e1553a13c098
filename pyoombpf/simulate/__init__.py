"""Simulate mode: run an OOM policy as Python against a scenario and see what it would kill, and why.

    from pyoombpf.simulate import Scenario, simulate
    result = simulate(largest_leaf, Scenario.load("examples/scenarios/largest_leaf.toml"))
    result.verdict, result.victims, result.trace

See docs/simulate.md.
"""

from pyoombpf.pyexec.rules import ModelError
from pyoombpf.simulate.errors import NotAPolicyError, ScenarioError
from pyoombpf.simulate.model import Candidate, Read
from pyoombpf.simulate.run import SimResult, Victim, simulate
from pyoombpf.simulate.scenario import CgroupSpec, Scenario, TaskSpec

__all__ = [
    "Candidate",
    "CgroupSpec",
    "ModelError",
    "NotAPolicyError",
    "Read",
    "Scenario",
    "ScenarioError",
    "SimResult",
    "TaskSpec",
    "Victim",
    "simulate",
]
