"""The lowering's debug metadata (pyoombpf/lowering/debuginfo.py): nodes are made once per content and printed by
pyoombpf rather than by llvmlite, and DILocations are memoized per (line, column, scope).  A memo that merged two
different positions would misplace BTF line info (the verifier's log quotes the wrong Python line) without any
other symptom, so these tests look at the IR itself."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

import llvmlite.ir as ir
import pytest

import pyoombpf
from pyoombpf.files import import_file
from pyoombpf.lowering import module as lowering_module
from pyoombpf.lowering.debuginfo import MetadataModule
from tests.examples import example

_NODE = re.compile(r"^!(\d+) = (.*)$", re.M)
_LOCATION = re.compile(r"!DILocation\(column: (\d+), line: (\d+), scope: !(\d+)\)")
_SUBPROGRAM_NAME = re.compile(r'!DISubprogram\(.*\bname: "([^"]+)"')


def _nodes(ir_text: str) -> dict[str, str]:
    return dict(_NODE.findall(ir_text))


def _locations(ir_text: str) -> list[tuple[int, int, str, str]]:
    """(line, column, name of the scope's function, scope node) of every DILocation node (a syscall program's
    wrapper has the name of the function it calls: the node tells them apart)."""
    nodes = _nodes(ir_text)
    out = []
    for text in nodes.values():
        m = _LOCATION.fullmatch(text)
        if m:
            scope = _SUBPROGRAM_NAME.search(nodes[m.group(3)])
            assert scope is not None, nodes[m.group(3)]
            out.append((int(m.group(2)), int(m.group(1)), scope.group(1), m.group(3)))
    return out


def _write(path: Path, source: str) -> Path:
    path.write_text(textwrap.dedent(source))
    return path


def test_two_statements_on_one_line_keep_their_columns(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "one_line.py",
        """\
        from pyoombpf import u64


        def two_on_a_line(a: u64) -> u64:
            x = a + 1; y = x * 3  # noqa: E702
            return y
        """,
    )
    fn = import_file(path, "lowfast_one_line").two_on_a_line
    locs = _locations(pyoombpf.compile(fn).ir)
    on_line = {(col, scope) for line, col, scope, _node in locs if line == 5}
    assert {(5, "two_on_a_line"), (16, "two_on_a_line")} <= on_line, locs
    assert len(locs) == len(set(locs)), "a position printed twice"


def test_a_helper_from_another_file_keeps_its_own_locations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the same line and column in two files, in two functions: two DILocations, each in its own function's scope
    _write(
        tmp_path / "lowfast_helpers.py",
        """\
        from pyoombpf import u64


        def helper(a: u64) -> u64:
            b = a * 7
            return b + 1
        """,
    )
    path = _write(
        tmp_path / "lowfast_main.py",
        """\
        from pyoombpf import u64
        from lowfast_helpers import helper

        def entry(a: u64) -> u64:
            b = helper(a)
            return b + 2
        """,
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    fn = import_file(path, "lowfast_main").entry
    obj = pyoombpf.compile(fn)
    locs = _locations(obj.ir)
    at = {(line, col, scope) for line, col, scope, _node in locs}
    assert (5, 5, "helper") in at and (5, 5, "entry") in at, locs
    assert len(locs) == len(set(locs)), "a position printed twice"
    # each function's lines are its own file's: LLVM copies the source line of BTF line info (what the verifier's
    # log quotes) from there; the helper's line 5 used to be read from the entry's file ("b = helper(a)")
    files = re.findall(r'!DIFile\(directory: "[^"]*", filename: "([^"]+)"\)', obj.ir)
    assert sorted(files) == ["lowfast_helpers.py", "lowfast_main.py"]
    assert "lowfast_helpers.py:5: b = a * 7" in obj.asm, obj.asm


def test_equal_nodes_are_printed_once() -> None:
    # llvmlite compared DW_* tokens by identity, so the same member or type was printed again and again
    text = pyoombpf.compile(example("oomd_like").oomd_like, mode="bridge").ir
    bodies = [body for body in _nodes(text).values() if not body.startswith("distinct ")]
    assert len(bodies) == len(set(bodies))


def _captured_module(fn: Any) -> MetadataModule:
    captured: list[MetadataModule] = []
    real = lowering_module.render

    def render(module: Any) -> str:
        captured.append(module)
        return real(module)

    lowering_module.render = render
    try:
        pyoombpf.compile(fn)
    finally:
        lowering_module.render = real
    return captured[-1]


@pytest.mark.parametrize("name", ["largest_leaf", "oomd_like"])
def test_the_printer_writes_what_llvmlite_would(name: str) -> None:
    module = _captured_module(getattr(example(name), name))
    assert isinstance(module, MetadataModule) and module.metadata
    for node in module.metadata:
        buf: list[str] = []
        if isinstance(node, ir.DIValue):
            ir.DIValue.descr(node, buf)
        else:
            ir.MDValue.descr(node, buf)
        assert node.text() == "".join(buf).rstrip("\n")
