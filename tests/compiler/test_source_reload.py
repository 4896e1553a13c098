"""A policy file edited and imported again in the same process compiles its new text, and errors quote it
(pyoombpf/sourcetext.py): ``linecache``, which the frontend read sources through, kept a file's first lines
until asked to check, and its check compares only the size and the modification time.

The edits here keep the size and put the old modification time back, as an edit within one tick of the file
system's clock does: only a read of the file itself sees them.
"""

from __future__ import annotations

import linecache
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import pyoombpf
from pyoombpf.errors import CompileError
from pyoombpf.files import import_file

PROGRAM = """\
from pyoombpf import u64


def prog(a: u64) -> u64:
    return a + {value}
"""


def write_same_size_and_time(path: Path, text: str) -> None:
    """Rewrite ``path`` with ``text`` (of the same size) and its old modification time."""
    before = path.stat()
    assert len(text.encode()) == before.st_size
    path.write_text(text)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def load(path: Path) -> Any:
    return import_file(path, "source_reload_policy").prog


@pytest.fixture
def policy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # the import itself must not take old bytecode
    monkeypatch.setenv("PYOOMBPF_CACHE_DIR", str(tmp_path / "cache"))
    yield tmp_path / "reload_me.py"
    sys.modules.pop("source_reload_policy", None)


@pytest.mark.parametrize("cache", [False, True], ids=["no cache", "object cache"])
def test_an_edited_file_imported_again_compiles_its_new_text(policy: Path, cache: bool) -> None:
    policy.write_text(PROGRAM.format(value=1111))
    first = pyoombpf.compile(load(policy), cache=cache)
    assert "1111" in first.asm
    write_same_size_and_time(policy, PROGRAM.format(value=2222))
    second = pyoombpf.compile(load(policy), cache=cache)
    assert "2222" in second.asm and "1111" not in second.asm
    assert linecache.getline(str(policy), 5) == "    return a + 2222\n"  # tracebacks quote the new text too


def test_an_error_quotes_the_new_text(policy: Path) -> None:
    policy.write_text(PROGRAM.format(value="zz_old"))
    with pytest.raises(CompileError) as first:
        pyoombpf.compile(load(policy))
    assert "return a + zz_old" in str(first.value)
    write_same_size_and_time(policy, PROGRAM.format(value="yy_new"))
    with pytest.raises(CompileError) as second:
        pyoombpf.compile(load(policy))
    message = str(second.value)
    assert "yy_new" in message and "zz_old" not in message
    assert f"{policy}:5:" in message and "    return a + yy_new\n" in message + "\n"


def test_a_generated_source_registered_in_linecache_still_compiles() -> None:
    """No file behind the name: the lines registered in linecache (as generators of code do) are the source."""
    name = "<pyoombpf-test-generated-source>"
    text = PROGRAM.format(value=3333)
    linecache.cache[name] = (len(text), None, text.splitlines(keepends=True), name)
    try:
        namespace: dict[str, Any] = {"__name__": "generated_policy"}
        exec(compile(text, name, "exec"), namespace)  # noqa: S102 - the test's own text
        assert "3333" in pyoombpf.compile(namespace["prog"]).asm
    finally:
        linecache.cache.pop(name, None)
