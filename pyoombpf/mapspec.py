"""A compiled policy's maps and constants as plain data (JSON), and the codecs rebuilt from that data.

``pyoombpf run`` compiles a bridge policy in a child process (:mod:`pyoombpf.bridge.precompile`), so the relay
never imports the policy's module and has no ``@record`` classes.  What it needs of them — to fill maps from a
configuration file and to export counters — travels as this description::

    {"maps": {"prefs": {"kind": "hash", "max_entries": 4096,
                        "key": {"int": [64, false]},
                        "value": {"record": "Pref", "fields": [["mode", 32, false], ["last_pgscan", 64, false]]}},
              "decisions": {"kind": "array", "max_entries": 8,
                            "key": {"int": [32, false]}, "value": {"int": [64, false]}}},
     "constants": {"NONE": 0, "AVOID": 1, "OMIT": 2}}

A record field of type ``bool`` is ``[name, "bool"]``.  Rebuilt record classes have the same layout, keyword
constructor and codec methods as the ``@record`` class they describe.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pyoombpf.types.core import BoolType, IntType
from pyoombpf.types.records import RecordType, record_type


def _type(t: Any) -> dict[str, Any] | None:
    if isinstance(t, IntType):
        return {"int": [t.bits, t.signed]}
    if isinstance(t, BoolType):
        return {"bool": True}
    if isinstance(t, RecordType):
        fields = [
            [f.name, "bool"] if isinstance(f.type, BoolType) else [f.name, f.type.bits, f.type.signed] for f in t.fields
        ]
        return {"record": t.cls_name, "fields": fields}
    return None


def describe_maps(program: Any) -> dict[str, dict[str, Any]]:
    """The maps of a compiled program (``CompiledObject.program``), by name."""
    out: dict[str, dict[str, Any]] = {}
    for ref in program.globals.get("maps", {}).values():
        decl = ref.decl
        out[ref.name] = {
            "kind": decl.kind,
            "max_entries": decl.max_entries,
            "key": _type(decl.key_type),
            "value": _type(decl.value_type),
        }
    return out


def constants(module: Any) -> dict[str, int]:
    """The policy module's integer constants: upper-case module-level names bound to an ``int`` (not a bool), as
    a configuration file may name them (``mode = "OMIT"``)."""
    return {n: v for n, v in vars(module).items() if type(v) is int and n.isupper() and not n.startswith("_")}


def _scalar(bits: int, signed: bool) -> Any:
    from pyoombpf.dsl.scalars import Scalar

    return Scalar(IntType(bits, signed))


def codec(desc: dict[str, Any] | None) -> Any:
    """The codec of a described type: an ``IntCodec`` for integers and bools, a record class for records,
    None for nothing (a ring buffer has neither key nor value)."""
    from pyoombpf.runtime.codec import IntCodec

    if desc is None:
        return None
    if "int" in desc:
        bits, signed = desc["int"]
        return IntCodec(bits // 8, signed)
    if "bool" in desc:
        return IntCodec(1)
    annotations = {f[0]: (bool if f[1] == "bool" else _scalar(f[1], f[2])) for f in desc["fields"]}
    cls = type(desc["record"], (), {"__annotations__": annotations, "__module__": __name__})
    return record_type(cls)


@dataclass(frozen=True)
class MapSpec:
    """One described map: its kind (``hash``/``array``/``ringbuf``…), size and key/value descriptions."""

    name: str
    kind: str
    max_entries: int
    key: dict[str, Any] | None
    value: dict[str, Any] | None

    @classmethod
    def from_dict(cls, name: str, d: dict[str, Any]) -> MapSpec:
        return cls(name, d["kind"], d["max_entries"], d.get("key"), d.get("value"))

    @property
    def int_key(self) -> tuple[int, bool] | None:
        """(bits, signed) when the key is an integer."""
        return (self.key["int"][0], self.key["int"][1]) if self.key and "int" in self.key else None

    @property
    def int_value(self) -> tuple[int, bool] | None:
        return (self.value["int"][0], self.value["int"][1]) if self.value and "int" in self.value else None

    @property
    def record_fields(self) -> dict[str, Any] | None:
        """Field name → ``(bits, signed)`` (or ``"bool"``) when the value is a record."""
        if not self.value or "record" not in self.value:
            return None
        return {f[0]: ("bool" if f[1] == "bool" else (f[1], f[2])) for f in self.value["fields"]}

    def codecs(self) -> tuple[Any, Any]:
        return codec(self.key), codec(self.value)


def map_specs(description: dict[str, Any]) -> dict[str, MapSpec]:
    return {n: MapSpec.from_dict(n, d) for n, d in description.items()}
