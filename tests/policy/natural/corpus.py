"""The natural-policy corpus: short policies written the way an SRE writes them from docs/policies.md and
docs/language.md (counting, flags, sums, min/max, best-so-far, filters by name/comm/adj, nested walks, early exits,
helper functions, prefer/avoid maps), each with a scenario (``<name>.toml``) and the decision expected there.

Every policy must compile in both modes, load in bridge mode on the host and as struct_ops in the test VM, and
decide in simulate mode as its scenario says; ``test_natural_oom.py`` also compares the kernel's decision on a
real OOM with simulate's for a third of them.  Before the compiler made loop-carried locals verifier-friendly
(issue 19), the counting, conditional-counting and flag policies here were refused by the verifier; before short
constant ranges with a branching body and a tested sum were driven by the iterator too (``hir/counted.py``
``iterated_ranges``), ``usage_bits`` was refused and ``anon_steps``, ``numbered_names``, ``digit_threshold`` cost the
verifier 70-150 times the work.  The third batch, sixteen policies written from the docs alone (task docpol),
brought min/max/abs/any/all, @record results of helpers and loops over tuples of constants (``int_math``,
``tuple_stats``, ``prefix_list``, ``expendable_comm``) into the language; task langgaps added ``size_classes`` and
``quota_codes`` (``2**20``, ``len``/``sum``/an index of a tuple of constants, ``x in (…)``/``not in``).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Expect:
    """What simulate must decide on the policy's scenario."""

    victims: tuple[int, ...]
    verdict: str = "handled"
    #: map contents after the run (name -> the array's values), checked too
    arrays: dict[str, list[int]] = field(default_factory=dict)


CORPUS: dict[str, Expect] = {
    "above_average": Expect((101,)),
    "ancestor_named": Expect((201,)),
    "anon_steps": Expect((101,)),
    "any_walk": Expect((201, 202)),
    "badness": Expect((201,)),
    "budget_overrun": Expect((201,)),
    "decision_log": Expect((201,), arrays={"stats": [1, 2, 1, 0]}),
    "digit_threshold": Expect((201, 202)),
    "expendable_comm": Expect((202,)),
    "feature_score": Expect((201,)),
    "first_over_limit": Expect((201,)),
    "flag_logic": Expect((201, 202)),
    "heavy_tasks": Expect((201, 202)),
    "helper_oc": Expect((202,)),
    "int_math": Expect((202,)),
    "kill_high_adj": Expect((201, 202, 203)),
    "largest_process": Expect((302,)),
    "max_adj": Expect((203,)),
    "mem_per_process": Expect((301,)),
    "most_python": Expect((201, 202, 203)),
    "most_tasks": Expect((201, 202, 203, 204, 205)),
    "nested_checks": Expect((201,)),
    "newest_big_task": Expect((320,)),
    "newest_process": Expect((310,)),
    "no_negative_adj": Expect((201,)),
    "no_postgres": Expect((201,)),
    "nonempty_largest": Expect((201,)),
    "numbered_names": Expect((201,)),
    "parent_named": Expect((201,)),
    "prefer_batch": Expect((301,)),
    "prefix_list": Expect((301,)),
    "prefs_map": Expect((401,)),
    "relative_to_max": Expect((201, 202, 203)),
    "second_walk_kill": Expect((102,)),
    "quota_codes": Expect((301, 302, 303, 304)),
    "service_priority": Expect((401,)),
    "share_config": Expect((201,)),
    "size_classes": Expect((101, 102)),
    "spare_young": Expect((202,)),
    "spread_kills": Expect((201,)),
    "sum_rss": Expect((201, 202)),
    "task_helper": Expect((202,)),
    "tasks_and_size": Expect((201, 202, 203)),
    "tier_table": Expect((101,)),
    "top_two": Expect((201, 301)),
    "tuple_stats": Expect((201,)),
    "two_passes": Expect((201, 202)),
    "usage_bits": Expect((101,)),
    "wait_for_victim": Expect((201,)),
    "weighted_mix": Expect((201,)),
}


def policy(name: str) -> Any:
    """The policy function of ``<name>.py`` (each file's entry has the file's name)."""
    return getattr(importlib.import_module(f"tests.policy.natural.{name}"), name)


def scenario(name: str) -> str:
    return str(HERE / f"{name}.toml")
