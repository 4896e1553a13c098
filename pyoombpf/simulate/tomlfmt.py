"""The scenario file format (TOML), with errors that name the file and line.

``tomllib`` parses; this module checks every key and type and maps each problem back to its line with a small
line index of the source (:class:`Locator`), since ``tomllib`` keeps no positions.  The format is documented in
docs/simulate.md.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from typing import Any

from pyoombpf.simulate.errors import ScenarioError
from pyoombpf.simulate.scenario import CgroupSpec, ReleaseSpec, Scenario, TaskSpec, norm_path, show_path

_SIZE = re.compile(r"^\s*(\d+)\s*([KMGT]?)(i?B)?\s*$", re.I)
_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
_BARE = re.compile(r"[A-Za-z0-9_-]+")

TOP_KEYS = {
    "description": "str",
    "oom": "table",
    "config": "table",
    "maps": "table",
    "cgroup": "table",
    "release": "table",
}
RELEASE_KEYS = {"bytes": "size", "cgroup": "str"}
OOM_KEYS = {"cgroup": "str", "order": "int", "gfp_mask": "int", "totalpages": "int", "attach": "paths", "now": "int"}
CGROUP_KEYS = {
    "id": "int",
    "usage": "size",
    "limit": "size",
    "file": "size",
    "swap": "size",
    "reclaimable": "size",
    "stats": "table",
    "oom_group": "bool",
    "maps": "table",
    "xattrs": "table",
    "owner_uid": "int",
    "tasks": "list",
}
TASK_KEYS = {
    "pid": "int",
    "comm": "str",
    "rss": "size",
    "swap": "size",
    "oom_score_adj": "int",
    "tgid": "int",
    "exiting": "bool",
    "oom_victim": "bool",
    "oom_skip": "bool",
    "start_time": "int",
}


def split_key(text: str) -> tuple[str, ...]:
    """``cgroup."a/b".tasks`` → ``("cgroup", "a/b", "tasks")``."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in " \t.":
            i += 1
        elif ch in "\"'":
            j = text.index(ch, i + 1) if ch in text[i + 1 :] else n
            out.append(text[i + 1 : j])
            i = j + 1
        else:
            m = _BARE.match(text, i)
            if not m:
                break
            out.append(m.group(0))
            i = m.end()
    return tuple(out)


class Locator:
    """Line numbers of tables and keys of a TOML text, by key path (array-of-tables entries get an index)."""

    def __init__(self, text: str) -> None:
        self.lines: dict[tuple[Any, ...], int] = {}
        self.text_lines = text.splitlines()
        current: tuple[Any, ...] = ()
        counts: dict[tuple[Any, ...], int] = {}
        for n, raw in enumerate(self.text_lines, 1):
            s = raw.strip()
            if not s or s.startswith("#"):
                continue
            if s.startswith("[["):
                path = split_key(s[2 : s.rfind("]]")])
                i = counts.get(path, 0)
                counts[path] = i + 1
                current = (*path, i)
                self.lines.setdefault(current, n)
            elif s.startswith("["):
                current = split_key(s[1 : s.rfind("]")])
                self.lines.setdefault(current, n)
            else:
                m = re.match(
                    r"^((?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'))*)\s*=",
                    s,
                )
                if m:
                    key = split_key(m.group(1))
                    for k in range(1, len(key) + 1):
                        self.lines.setdefault((*current, *key[:k]), n)

    def line(self, *path: Any) -> int | None:
        for k in range(len(path), 0, -1):
            if path[:k] in self.lines:
                return self.lines[path[:k]]
        return None

    def find(self, pattern: str, after: int | None) -> int | None:
        """The first line at or after ``after`` matching ``pattern`` (for values inside inline tables)."""
        rx = re.compile(pattern)
        for n in range((after or 1), len(self.text_lines) + 1):
            if rx.search(self.text_lines[n - 1]):
                return n
        return after


class _Reader:
    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.loc = Locator(text)

    def fail(self, message: str, *path: Any, line: int | None = None) -> ScenarioError:
        return ScenarioError(message, self.source, line if line is not None else self.loc.line(*path))

    def check_keys(
        self, table: dict[str, Any], allowed: dict[str, str], what: str, *path: Any, line: int | None = None
    ) -> None:
        for k, v in table.items():
            if k not in allowed:
                where = line if line is not None else self.loc.line(*path, k)
                raise self.fail(f"unknown key {k!r} in {what} (allowed: {', '.join(allowed)})", line=where)
            want = allowed[k]
            where = line if line is not None else self.loc.line(*path, k)
            table[k] = self.value(v, want, f"{what}: {k}", where)

    def value(self, v: Any, want: str, what: str, line: int | None) -> Any:
        if want == "int" and (not isinstance(v, int) or isinstance(v, bool)):
            raise self.fail(f"{what} must be an integer, not {_tname(v)}", line=line)
        if want == "bool" and not isinstance(v, bool):
            raise self.fail(f"{what} must be true or false, not {_tname(v)}", line=line)
        if want == "str" and not isinstance(v, str):
            raise self.fail(f"{what} must be a string, not {_tname(v)}", line=line)
        if want == "table" and not isinstance(v, dict):
            raise self.fail(f"{what} must be a table, not {_tname(v)}", line=line)
        if want == "list" and not isinstance(v, list):
            raise self.fail(f"{what} must be an array of tables, not {_tname(v)}", line=line)
        if want == "paths":
            ok = isinstance(v, str) or (isinstance(v, list) and v and all(isinstance(x, str) for x in v))
            if not ok:
                raise self.fail(f"{what} must be a cgroup path or a non-empty array of paths", line=line)
        if want == "size":
            return self.size(v, what, line)
        return v

    def size(self, v: Any, what: str, line: int | None) -> int:
        if isinstance(v, int) and not isinstance(v, bool):
            if v < 0:
                raise self.fail(f"{what} must not be negative", line=line)
            return v
        if isinstance(v, str):
            m = _SIZE.match(v)
            if m:
                return int(m.group(1)) * _UNITS[m.group(2).upper()]
        raise self.fail(
            f'{what} must be a size: bytes as an integer, or a string like "30M" (K/M/G/T, powers of 1024), not {v!r}',
            line=line,
        )

    # ------------------------------------------------------------------------------------------ sections

    def scenario(self, data: dict[str, Any]) -> Scenario:
        self.check_keys(data, TOP_KEYS, "the scenario")
        sc = Scenario(source=self.source, description=data.get("description", ""))
        oom = data.get("oom")
        if oom is None:
            raise self.fail("the scenario has no [oom] table (which cgroup is out of memory?)", line=1)
        self.check_keys(oom, OOM_KEYS, "[oom]", "oom")
        sc.oom_line = self.loc.line("oom", "cgroup")
        sc.oom_cgroup = norm_path(oom.get("cgroup", "/"))
        attach = oom.get("attach", "/")
        sc.attach = norm_path(attach) if isinstance(attach, str) else [norm_path(a) for a in attach]
        sc.order = oom.get("order", 0)
        sc.gfp_mask = oom.get("gfp_mask", 0)
        sc.totalpages = oom.get("totalpages")
        sc.now = oom.get("now")
        if sc.now is not None and not 0 <= sc.now < 1 << 64:
            raise self.fail(f"[oom]: now must be nanoseconds between 0 and 2**64 - 1, not {sc.now}", "oom", "now")
        if not -1 <= sc.order <= 10:
            raise self.fail(f"[oom]: order must be between -1 and 10 (MAX_PAGE_ORDER), not {sc.order}", "oom", "order")
        for k, v in data.get("config", {}).items():
            sc.config[k] = self.value(v, "int", f"[config]: {k}", self.loc.line("config", k))
        for name, v in data.get("maps", {}).items():
            self.top_map(sc, name, v)
        cgroups = data.get("cgroup")
        if not cgroups:
            raise self.fail('the scenario has no cgroups: add [cgroup."name"] tables', line=1)
        for raw, table in cgroups.items():
            self.cgroup(sc, raw, table)
        for tag, table in data.get("release", {}).items():
            self.release(sc, tag, table)
        sc.validate()
        return sc

    def top_map(self, sc: Scenario, name: str, v: Any) -> None:
        """``[maps] NAME = [v0, v1, …]`` (indexes 0, 1, …) or ``{ 7 = v, … }`` (integer keys)."""
        line = self.loc.line("maps", name)
        if isinstance(v, list):
            entries = dict(enumerate(v))
        elif isinstance(v, dict):
            entries = {}
            for k, x in v.items():
                try:
                    entries[int(k, 0)] = x
                except ValueError:
                    raise self.fail(f"[maps]: {name}: the key {k!r} is not an integer", line=line) from None
        else:
            raise self.fail(
                f"[maps]: {name} must be an array (indexes 0, 1, …) or a table of integer keys, not {_tname(v)}",
                line=line,
            )
        sc.maps[name] = entries
        sc.map_lines[name] = line

    def release(self, sc: Scenario, tag: str, table: Any) -> None:
        """``[release.<tag>] bytes = "64M"  cgroup = "path"``: disposable files oc.drop_files(tag) can delete, charged
        to ``cgroup`` (default: the OOM's cgroup)."""
        line = self.loc.line("release", tag)
        if not isinstance(table, dict):
            raise self.fail(f'release.{tag} must be a table, like [release.{tag}] bytes = "64M"', line=line)
        self.check_keys(table, RELEASE_KEYS, f"release.{tag}", "release", tag)
        if "bytes" not in table:
            raise self.fail(f"release.{tag} needs bytes = SIZE (what its disposable files hold)", line=line)
        sc.release[tag] = ReleaseSpec(
            tag, table["bytes"], norm_path(table["cgroup"]) if "cgroup" in table else None, line
        )

    def cgroup(self, sc: Scenario, raw: str, table: Any) -> None:
        path = norm_path(raw)
        line = self.loc.line("cgroup", raw)
        if not isinstance(table, dict):
            raise self.fail(f"cgroup {show_path(path)} must be a table", line=line)
        if path in sc.cgroups and sc.cgroups[path].line is not None:
            raise self.fail(f"cgroup {show_path(path)} is given twice", line=line)
        self.check_keys(table, CGROUP_KEYS, f"cgroup {show_path(path)}", "cgroup", raw)
        spec = sc.cgroups.get(path) or CgroupSpec(path)
        sc.cgroups[path] = spec
        spec.line = line
        for k in ("id", "usage", "limit", "file", "swap", "reclaimable", "oom_group", "owner_uid"):
            if k in table:
                setattr(spec, k, table[k])
        for name, v in table.get("stats", {}).items():
            where = self.loc.line("cgroup", raw, "stats", name)
            spec.stats[name] = self.value(v, "int", f"cgroup {show_path(path)}: stats.{name}", where)
            if v < 0:
                raise self.fail(f"cgroup {show_path(path)}: stats.{name} must not be negative", line=where)
            spec.key_lines[f"stats.{name}"] = where or line or 0
        for shorthand, stat in (("file", "NR_FILE_PAGES"), ("swap", "MEMCG_SWAP")):
            if shorthand in table and stat in spec.stats:
                raise self.fail(
                    f"cgroup {show_path(path)}: give either {shorthand} or stats.{stat}, not both",
                    "cgroup",
                    raw,
                    shorthand,
                )
        for name, v in table.get("maps", {}).items():
            spec.maps[name] = v
            spec.key_lines[f"maps.{name}"] = self.loc.line("cgroup", raw, "maps", name) or line or 0
        for name, v in table.get("xattrs", {}).items():
            spec.xattrs[name] = self.value(
                v,
                "str",
                f"cgroup {show_path(path)}: xattrs.{name}",
                self.loc.line("cgroup", raw, "xattrs", name),
            )
        for i, t in enumerate(table.get("tasks", [])):
            spec.tasks.append(self.task(path, raw, i, t))

    def task(self, path: str, raw: str, i: int, t: Any) -> TaskSpec:
        base = self.loc.lines.get(("cgroup", raw, "tasks", i))  # [[cgroup."x".tasks]] entries are indexed
        if base is None:  # inline: tasks = [{ pid = 1, ... }, ...]
            pid = t.get("pid") if isinstance(t, dict) else None
            start = self.loc.line("cgroup", raw, "tasks")
            base = self.loc.find(rf"\bpid\s*=\s*{pid}\b", start) if isinstance(pid, int) else start
            inline = True
        else:
            inline = False
        what = f"cgroup {show_path(path)}: task #{i + 1}"
        if not isinstance(t, dict):
            raise self.fail(f'{what} must be a table like {{ pid = 1, comm = "app" }}', line=base)
        self.check_keys(t, TASK_KEYS, what, "cgroup", raw, "tasks", i, line=base if inline else None)
        if "pid" not in t:
            raise self.fail(f"{what} has no pid", line=base)
        if t["pid"] <= 0:
            raise self.fail(f"{what}: pid must be positive", line=base)
        adj = t.get("oom_score_adj", 0)
        if not -1000 <= adj <= 1000:
            raise self.fail(f"{what}: oom_score_adj must be between -1000 and 1000, not {adj}", line=base)
        return TaskSpec(**t, line=base)


def _tname(v: Any) -> str:
    return {
        bool: "a boolean",
        int: "an integer",
        float: "a float",
        str: "a string",
        list: "an array",
        dict: "a table",
    }.get(type(v), type(v).__name__)


def parse(text: str, source: str, error: Callable[[str, str, int | None], Exception] = ScenarioError) -> dict[str, Any]:
    """``tomllib.loads(text)``, a syntax error raised as ``error(message, source, line)`` (``file:LINE: error:``).
    Other TOML files with located errors (the ``pyoombpf run`` configuration) parse through here too."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
        line = int(m.group(1)) if m else None
        message = re.sub(r" \(at line.*", "", str(e))
        raise error(f"not valid TOML: {message}", source, line) from None


def type_name(v: Any) -> str:
    """How an error message names the TOML type of ``v`` ("an integer", "a table" …)."""
    return _tname(v)


def loads(text: str, source: str = "<string>") -> Scenario:
    return _Reader(text, source).scenario(parse(text, source))


def from_dict(data: dict[str, Any], source: str = "<dict>") -> Scenario:
    import copy

    return _Reader("", source).scenario(copy.deepcopy(data))


def load(path: str) -> Scenario:
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise ScenarioError(f"cannot read the scenario: {e.strerror}", path) from None
    return loads(text, path)


def _tv(v: Any) -> str:
    """A TOML value (strings as JSON strings, which TOML basic strings accept)."""
    import json

    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_tk(k)} = {_tv(x)}" for k, x in v.items()) + " }" if v else "{}"
    if isinstance(v, list):
        return "[" + ", ".join(_tv(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} to a scenario file")


def _tk(k: str) -> str:
    return k if _BARE.fullmatch(k) else _tv(k)


def dumps(sc: Scenario) -> str:
    """The scenario as a scenario file (what :func:`loads` reads back to the same scenario)."""
    from pyoombpf.simulate.model import jsonable

    sc.validate()
    out = [f"description = {_tv(sc.description)}"] if sc.description else []
    attach: Any = [show_path(a) for a in sc.attach_list()]
    oom = {"cgroup": show_path(sc.oom_cgroup), "attach": attach if len(attach) > 1 else attach[0], "order": sc.order}
    if sc.gfp_mask:
        oom["gfp_mask"] = sc.gfp_mask
    if sc.totalpages is not None:
        oom["totalpages"] = sc.totalpages
    if sc.now is not None:
        oom["now"] = sc.now
    out += ["", "[oom]"] + [f"{k} = {_tv(v)}" for k, v in oom.items()]
    if sc.config:
        out += ["", "[config]"] + [f"{_tk(k)} = {_tv(v)}" for k, v in sc.config.items()]
    if sc.maps:
        out += ["", "[maps]"]
        out += [f"{_tk(n)} = {_tv({str(k): x for k, x in jsonable(e).items()})}" for n, e in sc.maps.items()]
    for path, c in sc.cgroups.items():
        out += ["", f"[cgroup.{_tv(path or '/')}]", f"id = {c.id}"]
        for key in ("usage", "limit", "file", "swap"):
            if getattr(c, key) is not None:
                out.append(f"{key} = {getattr(c, key)}")
        if c.reclaimable:
            out.append(f"reclaimable = {c.reclaimable}")
        if c.oom_group:
            out.append("oom_group = true")
        if c.stats:
            out.append(f"stats = {_tv(c.stats)}")
        if c.maps:
            out.append(f"maps = {_tv(jsonable(c.maps))}")
        if c.xattrs:
            out.append(f"xattrs = {_tv(c.xattrs)}")
        if c.owner_uid:
            out.append(f"owner_uid = {c.owner_uid}")
        if c.tasks:
            out.append("tasks = [")
            for t in c.tasks:
                fields: dict[str, Any] = {"pid": t.pid, "comm": t.comm, "rss": t.rss}
                defaults = {
                    "swap": 0,
                    "oom_score_adj": 0,
                    "tgid": 0,
                    "exiting": False,
                    "oom_victim": False,
                    "oom_skip": False,
                    "start_time": 0,
                }
                fields.update({k: getattr(t, k) for k, d in defaults.items() if getattr(t, k) != d})
                out.append(f"  {_tv(fields)},")
            out.append("]")
    for tag, r in sc.release.items():
        out += ["", f"[release.{_tk(tag)}]", f"bytes = {r.bytes}"]
        if r.cgroup is not None:
            out.append(f"cgroup = {_tv(show_path(r.cgroup))}")
    return "\n".join(out) + "\n"
