"""The ``pyoombpf run`` configuration file (TOML), checked key by key with ``FILE:LINE: error:`` messages.

```toml
policy = "policy.py"                 # the policy file, relative to this file, or "lib:NAME" (--policy-lib)
function = "oomd_like"               # which @oom_handler of the file (--policy)
cgroup = "system.slice"              # where to attach (--cgroup)
mode = "auto"                        # auto | bridge | struct_ops (--mode)
deadline_ms = 250                    # --deadline-ms
load_timeout_s = 30                  # --load-timeout
triggers = ["max", "high", "psi"]    # cgroup v2 only (--triggers)
psi = "some 150000 2000000"          # cgroup v2 only (--psi)
cooldown_ms = 1000                   # cgroup v2 only (--cooldown-ms)
metrics = "127.0.0.1:9464"           # Prometheus /metrics (--metrics)
log = "auto"                         # auto | text | json | journal (--log, --json)
xattrs = true                        # mirror systemd's user.oomd_omit/user.oomd_avoid into the policy's prefs map

[maps.prefs]                         # map contents keyed by cgroup path, kept resolved to cgroup ids
"system.slice/sshd.service" = { mode = "OMIT" }

[names]                              # the names map of earlyoom_like, by process name ("NAME*": a prefix)
"chrome*" = "PREFER"
[release.cache]                      # what oc.drop_files("cache") may delete (bridge mode)
path = "/dev/shm/app-cache"          # an absolute directory, not a symlink
order = "largest"                    # largest | oldest
keep = ["*.lock"]                    # globs never deleted (a string or an array)
```

Parsing uses the scenario format's TOML reader (:func:`pyoombpf.simulate.tomlfmt.parse` and its line
:class:`~pyoombpf.simulate.tomlfmt.Locator`).  :func:`load` checks what the file alone can tell; map contents are
checked against the policy's maps by :func:`bind_maps` (``pyoombpf check`` and ``pyoombpf run`` both do).
docs/deploy.md documents every key.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pyoombpf.errors import PyoombpfError

if TYPE_CHECKING:
    from pyoombpf.simulate.tomlfmt import Locator


def type_name(v: Any) -> str:
    from pyoombpf.simulate.tomlfmt import type_name as name  # the TOML reader: only when a file is read

    return name(v)


def _no_locator() -> Locator:
    from pyoombpf.simulate.tomlfmt import Locator

    return Locator("")


DEFAULT_PATH = "/etc/pyoombpf/pyoombpf.toml"
MODES = ("auto", "bridge", "struct_ops")
LOGS = ("auto", "text", "json", "journal")
LIB_PREFIX = "lib:"

#: ``pyoombpf run`` option (argparse dest) → configuration key.  Every option has one (a test checks).
FLAG_KEYS = {
    "file": "policy",
    "policy_lib": "policy_lib",
    "policy": "function",
    "cgroup": "cgroup",
    "mode": "mode",
    "log": "log",
    "deadline_ms": "deadline_ms",
    "load_timeout": "load_timeout_s",
    "triggers": "triggers",
    "psi": "psi",
    "cooldown_ms": "cooldown_ms",
    "metrics": "metrics",
}


class ConfigError(PyoombpfError):
    """A configuration file is malformed.  ``str()`` is ``file:LINE: error: message`` when the line is known."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None) -> None:
        self.message, self.file, self.line = message, file, line
        where = file or "<config>"
        super().__init__(f"{where}:{line}: error: {message}" if line is not None else f"{where}: error: {message}")


@dataclass
class MapEntry:
    """``[maps.NAME] "PATH" = VALUE``: the value as written (checked against the policy by :func:`bind_maps`)."""

    map: str
    cgroup: str
    value: Any
    line: int | None


@dataclass
class NameEntry:
    """``[names] "NAME" = VALUE`` (``"NAME*"``: every process name starting with NAME)."""

    name: str
    prefix: bool
    value: Any
    line: int | None


@dataclass
class ServiceConfig:
    """A loaded configuration file: the keys it sets (already type-checked) and its map contents."""

    source: str
    values: dict[str, Any] = field(default_factory=dict)
    maps: list[MapEntry] = field(default_factory=list)
    names: list[NameEntry] = field(default_factory=list)
    #: ``[release.<tag>]``: the directories oc.drop_files(tag) may delete files of
    release: dict[str, Any] = field(default_factory=dict)
    loc: Locator = field(default_factory=_no_locator)

    def line(self, *path: Any) -> int | None:
        return self.loc.line(*path)

    def error(self, message: str, *path: Any) -> ConfigError:
        return ConfigError(message, self.source, self.line(*path))

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


# ---------------------------------------------------------------------------------------------- single keys


def _number(v: Any, what: str, minimum: float, strict: bool) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise ValueError(f"{what} must be a number, not {type_name(v)}")
    if v < minimum or (strict and v == minimum):
        raise ValueError(f"{what} must be {'greater than' if strict else 'at least'} {minimum:g}, not {v}")
    return float(v)


def _bool(v: Any, what: str) -> bool:
    if not isinstance(v, bool):
        raise ValueError(f"{what} must be true or false, not {type_name(v)}")
    return v


def _string(v: Any, what: str) -> str:
    if not isinstance(v, str):
        raise ValueError(f"{what} must be a string, not {type_name(v)}")
    return v


def _choice(choices: tuple[str, ...]) -> Any:
    def check(v: Any, what: str) -> str:
        s = _string(v, what)
        if s not in choices:
            raise ValueError(f"{what} must be one of {', '.join(choices)}, not {s!r}")
        return s

    return check


def library_path(name: str, what: str) -> str:
    """The file of library policy ``name`` (pyoombpf.policies); ``ValueError`` naming the library otherwise."""
    from pyoombpf import policies

    try:
        return policies.path(name)
    except policies.UnknownPolicyError as exc:
        raise ValueError(f"{what}: {exc}") from None


def _policy(v: Any, what: str) -> str:
    s = _string(v, what)
    if s.startswith(LIB_PREFIX):
        return library_path(s[len(LIB_PREFIX) :], what)
    if not s:
        raise ValueError(f"{what} must not be empty")
    return s


def _policy_lib(v: Any, what: str) -> str:
    name = _string(v, what)
    library_path(name, what)  # an unknown name is an error at its line
    return name


def _triggers(v: Any, what: str) -> tuple[str, ...]:
    from pyoombpf.bridge.triggers import DECISION_TRIGGERS

    items = v.split(",") if isinstance(v, str) else v
    if not isinstance(items, list) or not all(isinstance(t, str) for t in items):
        raise ValueError(f'{what} must be an array of strings like ["max", "high", "psi"], not {type_name(v)}')
    out = tuple(t.strip() for t in items if t.strip())
    bad = [t for t in out if t not in DECISION_TRIGGERS]
    if bad or not out:
        raise ValueError(f"{what} must name triggers from {', '.join(DECISION_TRIGGERS)}, not {v!r}")
    return out


def _psi(v: Any, what: str) -> str:
    from pyoombpf.bridge.memcg_v2 import PsiSpec

    s = _string(v, what)
    try:
        PsiSpec.parse(s)
    except ValueError as exc:
        raise ValueError(f"{what}: {exc}") from None
    return s


def parse_address(text: str) -> tuple[str, int]:
    """``"HOST:PORT"``, ``"[::1]:PORT"`` or ``":PORT"`` (every address) → (host, port)."""
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f'the metrics address must be "HOST:PORT" (e.g. "127.0.0.1:9464"), not {text!r}')
    host = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    return host or "0.0.0.0", int(port)


def _metrics(v: Any, what: str) -> str:
    s = _string(v, what)
    parse_address(s)
    return s


#: key → checker(value, what) returning the value as ``pyoombpf run`` uses it
KEYS: dict[str, Any] = {
    "policy": _policy,
    "policy_lib": _policy_lib,
    "function": _string,
    "cgroup": _string,
    "mode": _choice(MODES),
    "log": _choice(LOGS),
    "deadline_ms": lambda v, what: _number(v, what, 0, strict=True),
    "load_timeout_s": lambda v, what: _number(v, what, 0, strict=True),
    "triggers": _triggers,
    "psi": _psi,
    "cooldown_ms": lambda v, what: _number(v, what, 0, strict=False),
    "metrics": _metrics,
    "xattrs": lambda v, what: _bool(v, what),
    "maps": None,  # checked by _maps
    "names": None,  # checked by _names
    "release": None,  # checked by _release
}

#: the keys of a ``[release.<tag>]`` table
RELEASE_KEYS = ("path", "order", "keep")


# ---------------------------------------------------------------------------------------------- the file


def check_cgroup_path(path: str) -> str | None:
    """Why ``path`` is not a usable cgroup path (absolute, or relative to the memory hierarchy), or None."""
    if not path.strip():
        return "a cgroup path must not be empty"
    if ".." in path.split("/"):
        return f"cgroup path {path!r} must not contain '..'"
    if path.startswith("/") and not path.startswith("/sys/fs/cgroup/"):
        return (
            f"cgroup path {path!r} is absolute but not under /sys/fs/cgroup; write it relative to the memory "
            'hierarchy (e.g. "system.slice/sshd.service")'
        )
    return None


def _maps(cfg: ServiceConfig, maps: Any) -> None:
    if not isinstance(maps, dict):
        raise cfg.error(f"maps must be a table of [maps.NAME] tables, not {type_name(maps)}", "maps")
    for name, table in maps.items():
        if not isinstance(table, dict):
            raise cfg.error(
                f'maps.{name} must be a table of cgroup paths, like [maps.{name}] "system.slice/x.service" = ...',
                "maps",
                name,
            )
        for path, value in table.items():
            problem = check_cgroup_path(path)
            if problem:
                raise cfg.error(f"maps.{name}: {problem}", "maps", name, path)
            cfg.maps.append(MapEntry(name, path, value, cfg.line("maps", name, path)))


COMM_MAX = 15  # a process name (comm) keeps 15 bytes


def _names(cfg: ServiceConfig, names: Any) -> None:
    if not isinstance(names, dict):
        raise cfg.error(f'names must be a table like [names] "chrome*" = "PREFER", not {type_name(names)}', "names")
    for raw, value in names.items():
        prefix = raw.endswith("*")
        name = raw[:-1] if prefix else raw
        data = name.encode()
        if not 0 < len(data) <= COMM_MAX or b"\0" in data or "*" in name:
            raise cfg.error(
                f"names: {raw!r} is not a process name: 1..{COMM_MAX} bytes (the kernel keeps {COMM_MAX}), "
                "a '*' only at the end (a prefix)",
                "names",
                raw,
            )
        cfg.names.append(NameEntry(name, prefix, value, cfg.line("names", raw)))


def _release(cfg: ServiceConfig, release: Any) -> None:
    """``[release.<tag>] path = "/dir"  order = "largest"|"oldest"  keep = "glob" | ["glob", ...]``."""
    from pyoombpf.bridge.release import ORDERS, DropDir, ReleaseConfigError
    from pyoombpf.frontend.policy_rules import TAG_RE

    if not isinstance(release, dict):
        raise cfg.error(f"release must be a table of [release.TAG] tables, not {type_name(release)}", "release")
    for tag, table in release.items():
        if not TAG_RE.fullmatch(tag):
            raise cfg.error(f"release.{tag}: a tag is 1-63 letters, digits, '_' or '-'", "release", tag)
        if not isinstance(table, dict):
            raise cfg.error(f'release.{tag} must be a table, like [release.{tag}] path = "/dir"', "release", tag)
        unknown = sorted(set(table) - set(RELEASE_KEYS))
        if unknown:
            raise cfg.error(
                f"release.{tag}: unknown key {unknown[0]!r} (allowed: {', '.join(RELEASE_KEYS)})",
                "release",
                tag,
                unknown[0],
            )
        if "path" not in table:
            raise cfg.error(f'release.{tag} needs path = "/the/directory"', "release", tag)
        try:
            path = _string(table["path"], f"release.{tag}.path")
            order = _choice(ORDERS)(table.get("order", "largest"), f"release.{tag}.order")
            keep = table.get("keep", [])
            keep = [keep] if isinstance(keep, str) else keep
            if not isinstance(keep, list) or not all(isinstance(k, str) for k in keep):
                raise ValueError(f"release.{tag}.keep must be a glob or an array of globs, not {type_name(keep)}")
            if not os.path.isabs(path):
                raise ValueError(f"[release.{tag}] path must be absolute: {path!r}")
            cfg.release[tag] = DropDir(path, order, tuple(keep))
        except (ValueError, ReleaseConfigError) as exc:
            key = next((k for k in RELEASE_KEYS if k in table and k in str(exc)), None)
            raise cfg.error(str(exc), "release", tag, *((key,) if key else ())) from None


def bind_release(cfg: ServiceConfig, releases: list[list[Any]]) -> None:
    """Check the ``[release.TAG]`` directories on this machine (they exist, are directories, no symlink on the
    way) and that every tag the policy's ``oc.drop_files`` names is declared (``releases``:
    ``CompiledObject.releases``).  ``pyoombpf check`` and ``pyoombpf run`` both do, before anything starts."""
    from pyoombpf.bridge.release import ReleaseConfigError, check_tags

    for tag, d in cfg.release.items():
        try:
            d.check(tag)
        except ReleaseConfigError as exc:
            raise cfg.error(str(exc), "release", tag, "path") from None
    try:
        check_tags(releases, cfg.release)
    except ReleaseConfigError as exc:
        raise cfg.error(str(exc), "policy") from None


def loads(text: str, source: str = "<config>") -> ServiceConfig:
    from pyoombpf.simulate.tomlfmt import Locator, parse

    data = parse(text, source, ConfigError)
    cfg = ServiceConfig(source, loc=Locator(text))
    for key, value in data.items():
        if key not in KEYS:
            raise cfg.error(f"unknown key {key!r} (allowed: {', '.join(KEYS)})", key)
        if key == "maps":
            _maps(cfg, value)
            continue
        if key == "names":
            _names(cfg, value)
            continue
        if key == "release":
            _release(cfg, value)
            continue
        try:
            cfg.values[key] = KEYS[key](value, key)
        except ValueError as exc:
            raise cfg.error(str(exc), key) from None
    if "policy" in cfg.values and "policy_lib" in cfg.values:
        raise cfg.error(
            'give the policy once: policy = "FILE.py" (or "lib:NAME"), or policy_lib = "NAME"', "policy_lib"
        )
    if "policy" in cfg.values and source != "<config>":
        cfg.values["policy"] = os.path.join(os.path.dirname(os.path.abspath(source)), cfg.values["policy"])
    return cfg


def load(path: str) -> ServiceConfig:
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise ConfigError(f"cannot read the configuration: {e.strerror}", path) from None
    return loads(text, path)


# ---------------------------------------------------------------------------------------------- maps vs. policy


@dataclass(frozen=True)
class BoundEntry:
    """A map entry checked against the policy: the value ready for the map's codec."""

    map: str
    cgroup: str
    value: Any
    line: int | None


def _int(v: Any, bits: int, signed: bool, constants: dict[str, int], what: str) -> int:
    if isinstance(v, str):
        if v not in constants:
            have = ", ".join(constants) or "none"
            raise ValueError(f"{what}: the policy has no constant {v!r} (its constants: {have})")
        v = constants[v]
    if isinstance(v, bool) or not isinstance(v, int):
        raise ValueError(f"{what} must be an integer or the name of a constant of the policy, not {type_name(v)}")
    lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
    if not lo <= v <= hi:
        raise ValueError(f"{what} = {v} does not fit {'i' if signed else 'u'}{bits} ({lo}..{hi})")
    return v


def _field(v: Any, kind: Any, constants: dict[str, int], what: str) -> int:
    if kind == "bool":
        if not isinstance(v, bool):
            raise ValueError(f"{what} must be true or false, not {type_name(v)}")
        return int(v)
    return _int(v, kind[0], kind[1], constants, what)


class _FieldError(ValueError):
    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def _value(entry: MapEntry, spec: Any, record: Any, constants: dict[str, int]) -> Any:
    what = f'maps.{entry.map}."{entry.cgroup}"'
    fields = spec.record_fields
    if fields is None:
        bits, signed = spec.int_value or (8, False)
        return _int(entry.value, bits, signed, constants, what)
    if not isinstance(entry.value, dict):
        example = ", ".join(f"{n} = 0" for n in fields)
        raise ValueError(f"{what} must be a table of {spec.value.name} fields, like {{ {example} }}")
    out: dict[str, int] = {}
    for name, v in entry.value.items():
        try:
            if name not in fields:
                have = ", ".join(fields)
                raise ValueError(f"{what}: {spec.value.name} has no field {name!r} (fields: {have})")
            out[name] = _field(v, fields[name], constants, f"{what}.{name}")
        except ValueError as exc:
            raise _FieldError(str(exc), name) from None
    return record(**out)


def bind_maps(cfg: ServiceConfig, specs: dict[str, Any], constants: dict[str, int]) -> list[BoundEntry]:
    """Check every ``[maps.NAME]`` entry against the policy's maps (``specs``: :class:`pyoombpf.objspec.MapSpec`
    by name) and constants; the entries with values ready to write."""
    out = []
    records: dict[str, Any] = {}
    for entry in cfg.maps:
        line = entry.line
        spec = specs.get(entry.map)
        if spec is None:
            have = ", ".join(n for n, s in specs.items() if s.is_hash) or "none"
            raise ConfigError(
                f"the policy has no map {entry.map!r} (its hash maps: {have})", cfg.source, cfg.line("maps", entry.map)
            )
        key = spec.int_key
        if not spec.is_hash or key is None or key[0] != 64:
            shown = f"{'i' if key[1] else 'u'}{key[0]}" if key else "no integer"
            article = "an" if spec.kind[0] in "aeiou" else "a"
            raise ConfigError(
                f"map {entry.map!r} is {article} {spec.kind} map with {shown} keys; entries by cgroup path need a "
                "HashMap or LruHashMap keyed by u64 (a cgroup id)",
                cfg.source,
                cfg.line("maps", entry.map),
            )
        if entry.map not in records:
            records[entry.map] = spec.codecs()[1]
        try:
            value = _value(entry, spec, records[entry.map], constants)
        except _FieldError as exc:
            where = cfg.loc.lines.get(("maps", entry.map, entry.cgroup, exc.field), line)
            raise ConfigError(str(exc), cfg.source, where) from None
        except ValueError as exc:
            raise ConfigError(str(exc), cfg.source, line) from None
        out.append(BoundEntry(entry.map, entry.cgroup, value, line))
    return out


def bind_names(cfg: ServiceConfig, specs: dict[str, Any], constants: dict[str, int]) -> list[tuple[int, int]]:
    """``[names]`` checked against the policy: it needs a ``names`` HashMap keyed by u64 with integer values (the
    library's earlyoom_like); the entries as (key, value), keys hashed as that policy hashes process names."""
    if not cfg.names:
        return []
    from pyoombpf.policies.earlyoom_like import name_key

    spec = specs.get("names")
    if spec is None or not spec.is_hash or spec.int_key != (64, False) or spec.int_value is None:
        raise ConfigError(
            "[names] fills the policy's names map (process name -> preference, as earlyoom_like has); this "
            "policy has no such map",
            cfg.source,
            cfg.line("names"),
        )
    bits, signed = spec.int_value
    out = []
    for entry in cfg.names:
        what = f'names."{entry.name}{"*" if entry.prefix else ""}"'
        try:
            value = _int(entry.value, bits, signed, constants, what)
        except ValueError as exc:
            raise ConfigError(str(exc), cfg.source, entry.line) from None
        out.append((name_key(entry.name, prefix=entry.prefix), value))
    return out
