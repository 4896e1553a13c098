"""Every built-in against every target: implemented, or refused with a reason.

This is the test the recipe "Adding a policy query" (docs/design.md, docs/adding-a-kfunc.md) relies on: a new
descriptor in ``pyoombpf/hir/intrinsics.py`` that a target forgets fails here, naming the built-in, the target
and where its implementation goes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pyoombpf.errors import NotSupportedError
from pyoombpf.hir import intrinsics as I
from pyoombpf.lowering.targets import bridge_table, psi_table, struct_ops_table
from pyoombpf.pyexec import model
from pyoombpf.pyexec.oommodel import MemcgModel, OomControlModel, TaskModel
from pyoombpf.pyexec.rules import python_table
from pyoombpf.simulate.model import SimMemcg, SimOomControl, SimTask
from pyoombpf.simulate.trace import simulate_table

#: each target's table, and where its implementations are installed (what the failure message points to)
TARGETS: dict[str, tuple[Callable[[], I.Table[Any]], str]] = {
    "struct_ops": (struct_ops_table, "install() of lowering/policy.py or lowering/policy_queries.py"),
    "bridge": (bridge_table, "install() of lowering/bridge.py, or BRIDGE_SHARED in lowering/targets.py"),
    "psi v2": (lambda: psi_table("v2"), "install() of lowering/psi.py"),
    "psi v3": (lambda: psi_table("v3"), "install() of lowering/psi_v3.py"),
    "python": (python_table, "install_policy() of pyexec/rules.py"),
    "simulate": (simulate_table, "simulate_table() of simulate/trace.py"),
}

#: the Protocol and the classes that answer each family's built-ins in Python
FAMILIES: dict[I.Family, tuple[type, tuple[type, ...]]] = {
    I.Family.MEMCG: (model.MemcgLike, (MemcgModel, SimMemcg)),
    I.Family.TASK: (model.TaskLike, (TaskModel, SimTask)),
    I.Family.OOM_CONTROL: (model.OomControlLike, (OomControlModel, SimOomControl)),
}


def _cases() -> list[Any]:
    out = []
    for target in TARGETS:
        for op in I.ALL:
            if target == "simulate" and op.model is None:
                continue  # maps, kfuncs, BTF members: the Python execution answers them, no model member
            out.append(pytest.param(target, op, id=f"{target}-{op.key}"))
    return out


@pytest.mark.parametrize(("target", "op"), _cases())
def test_every_builtin_is_implemented_or_refused_by_every_target(target: str, op: I.IntrinsicDef) -> None:
    build, where = TARGETS[target]
    found = build().status(op)
    assert found is not None, (
        f"the built-in {op.key} has no {target} implementation: add one in {where} "
        "(or refuse it there with table.refuse(op, reason))"
    )
    if isinstance(found, I.Refusal):
        assert found.requirement and found.feature.startswith(op.key), found


@pytest.mark.parametrize("family", list(FAMILIES), ids=lambda f: f.value)
def test_the_model_protocols_are_the_descriptors_model_members(family: I.Family) -> None:
    """The Protocols list exactly what the built-ins of their family name as model members (plus the BTF members
    the models carry), and both the plain and the simulate models implement them."""
    protocol, classes = FAMILIES[family]
    named = {op.model.name for op in I.ALL if op.family is family and op.model is not None}
    extra = model.MODELLED_MEMBERS.get(protocol, frozenset())
    assert model.members(protocol) == named | extra, (
        f"{protocol.__name__} must declare the model member of every {family.value} built-in"
    )
    for cls in classes:
        missing = sorted(n for n in model.members(protocol) if not hasattr(cls, n) and n not in _fields(cls))
        assert not missing, f"{cls.__name__} lacks {missing}: the Python model of those built-ins"


def _fields(cls: type) -> set[str]:
    return set(getattr(cls, "__dataclass_fields__", {}))


def test_every_public_builtin_is_documented_for_policy_authors() -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "policies.md").read_text()
    undocumented = [op.key for op in I.ALL if op.public and not _documented(op, text)]
    assert not undocumented, f"docs/policies.md has no entry for {undocumented} (the built-ins table)"


def _documented(op: I.IntrinsicDef, text: str) -> bool:
    """In the text as ``memcg.usage``, ``memcg.descendants(``, or as a row of its object's table (``| `usage```)."""
    short = op.key.rpartition(".")[2]
    return f"`{op.key}" in text or f"{op.key}(" in text or f"| `{short}" in text


def test_a_refusal_is_a_not_supported_error_naming_the_builtin_and_the_reason() -> None:
    with pytest.raises(NotSupportedError, match=r"oc\.kill in psi v2 programs is not supported here: it exists only"):
        psi_table("v2").lookup(I.OC_KILL)
    with pytest.raises(NotSupportedError, match="psi.create_trigger in bridge programs .* only in psi programs"):
        bridge_table().lookup(I.PSI_CREATE_TRIGGER)


def test_tables_refuse_double_registration_and_list_what_they_share() -> None:
    table: I.Table[Any] = I.Table("t", frozenset({I.STRUCT_OPS}))
    table.add(I.MEMCG_ID, object())
    with pytest.raises(ValueError, match="memcg.id is implemented twice"):
        table.add(I.MEMCG_ID, object())
    with pytest.raises(I.MissingImplementation, match="t has no implementation of memcg.usage"):
        table.lookup(I.MEMCG_USAGE)
    shared = struct_ops_table()
    assert bridge_table().lookup(I.MEMCG_ID) is shared.lookup(I.MEMCG_ID)  # listed in BRIDGE_SHARED
    assert bridge_table().lookup(I.MEMCG_USAGE) is not shared.lookup(I.MEMCG_USAGE)  # bridge's own
