"""The documentation stays true to the code.

* every message of ``pyoombpf/frontend/unsupported.py`` and every ``# E:`` message of
  ``tests/compiler/progs_errors.py`` (and ``tests/policy/progs_policy_errors.py``, ``tests/compiler/robustness/``)
  appears in ``docs/language.md`` (a new error needs a line there);
* every code block marked ```` ```python ```` in ``docs/language.md`` and ``docs/adding-a-kfunc.md`` that defines
  a function is a complete module whose last function compiles with ``pyoombpf.compile`` (blocks that show errors
  or user-space code are marked ```` ```py ```` or ```` ```text ````);
* (kernel) the language.md examples that need no kernel model give the same results in the kernel and as Python,
  and the results the text states;
* relative links in the docs listed in ``OWN_DOCS`` point at files that exist.
"""

from __future__ import annotations

import inspect
import re
import sys
from pathlib import Path
from types import FunctionType

import pytest

import pyoombpf
from pyoombpf.files import import_file
from pyoombpf.frontend import unsupported
from tests.error_marks import MARK

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
LANGUAGE = DOCS / "language.md"
#: programs whose lines carry `# E: <token> | <message part>` markers (with the reproducers of issue 14)
PROGS_ERRORS = (
    ROOT / "tests" / "compiler" / "progs_errors.py",
    ROOT / "tests" / "policy" / "progs_policy_errors.py",
    *sorted((ROOT / "tests" / "compiler" / "robustness").glob("*.py")),
)

_FENCE = re.compile(r"^```(\w[\w-]*)?\n(.*?)^```", re.S | re.M)
_LINK = re.compile(r"\]\(([^)#:\s]+\.md)(?:#[^)]*)?\)")


def _language() -> str:
    return LANGUAGE.read_text()


#: docs whose ```python blocks must compile
COMPILED_DOCS = ("language.md", "adding-a-kfunc.md")


def _blocks(doc: str, lang: str) -> list[tuple[str, int, str]]:
    """(doc, line number, source) of the ```<lang> blocks of ``docs/<doc>``."""
    text = (DOCS / doc).read_text()
    out = []
    for m in _FENCE.finditer(text):
        if m.group(1) == lang:
            out.append((doc, text.count("\n", 0, m.start()) + 1, m.group(2)))
    return out


def _marked_messages() -> list[str]:
    out = []
    for path in PROGS_ERRORS:
        if not path.exists():
            continue
        for line in path.read_text().splitlines():
            m = MARK.search(line)
            if m and "<message part>" not in line:
                out.append(m.group(2).strip())
    return list(dict.fromkeys(out))  # one test per message (a reproducer may mark many lines)


def test_progs_errors_has_markers() -> None:
    assert len(_marked_messages()) >= 30  # the parser below found the markers


@pytest.mark.parametrize(
    "message",
    sorted({*unsupported.UNSUPPORTED.values(), *unsupported.UNSUPPORTED_BINOPS.values()}),
)
def test_unsupported_message_is_documented(message: str) -> None:
    assert message in _language(), f"docs/language.md does not list: {message}"


@pytest.mark.parametrize("message", _marked_messages())
def test_error_test_message_is_documented(message: str) -> None:
    assert message in _language(), f"docs/language.md does not show: {message}"


_PY_BLOCKS = [b for doc in COMPILED_DOCS for b in _blocks(doc, "python") if re.search(r"^def ", b[2], re.M)]


def test_language_has_compiled_examples() -> None:
    assert sum(1 for doc, _, _ in _PY_BLOCKS if doc == "language.md") >= 10


@pytest.mark.parametrize(
    ("doc", "line", "source"), _PY_BLOCKS, ids=[f"{doc.removesuffix('.md')}:{line}" for doc, line, _ in _PY_BLOCKS]
)
def test_python_block_compiles(doc: str, line: int, source: str, tmp_path: Path) -> None:
    name = f"pyoombpf_doc_{doc.removesuffix('.md').replace('-', '_')}_{line}"
    path = tmp_path / f"{name}.py"
    path.write_text(source)
    try:
        mod = import_file(path, name)
        funcs = [f for f in vars(mod).values() if isinstance(f, FunctionType) and f.__module__ == name]
        entry = max(funcs, key=lambda f: f.__code__.co_firstlineno)
        try:
            obj = pyoombpf.compile(entry)
        except pyoombpf.CompileError as e:
            pytest.fail(f"docs/{doc} line {line}: the example does not compile:\n{e}")
        assert obj.insn_count > 0
        assert [p.name for p in obj.program.entry.params] == list(inspect.signature(entry).parameters)
    finally:
        sys.modules.pop(name, None)


#: the docs this test owns; the others are checked by their authors' tests
OWN_DOCS = (
    "index.md",
    "language.md",
    "cli.md",
    "adding-a-kfunc.md",
    "benchmarks.md",
    "bridge.md",
    "design.md",
    "deploy.md",
)


@pytest.mark.parametrize("doc", OWN_DOCS)
def test_relative_links_resolve(doc: str) -> None:
    text = (DOCS / doc).read_text()
    missing = [target for target in _LINK.findall(text) if not (DOCS / target).exists()]
    assert not missing, f"docs/{doc} links to missing files: {missing}"


def _load_block(doc: str, line: int, source: str, tmp_path: Path) -> FunctionType:
    name = f"pyoombpf_doc_run_{doc.removesuffix('.md').replace('-', '_')}_{line}"
    path = tmp_path / f"{name}.py"
    path.write_text(source)
    mod = import_file(path, name)
    funcs = [f for f in vars(mod).values() if isinstance(f, FunctionType) and f.__module__ == name]
    return max(funcs, key=lambda f: f.__code__.co_firstlineno)


#: language.md examples that need no kernel model (no kfuncs, not a policy) and read no clock (now_ns() differs
#: between the kernel and the model by design; tests/runtime/test_clock.py compares its relations): run in both
_PLAIN_BLOCKS = [
    b
    for b in _PY_BLOCKS
    if b[0] == "language.md" and "kfuncs." not in b[2] and "oom_handler" not in b[2] and "now_ns(" not in b[2]
]
#: documented results, checked in the kernel and in Python: {entry name: [(args, result)]}
_DOCUMENTED: dict[str, list[tuple[tuple[int, ...], int | None]]] = {
    "runaway": [((1,), 8388608), ((0,), 0)],
    "literal_local": [((250,), 250)],
    "casts": [((300,), 44 + 44 + 300 + 300)],
}


@pytest.mark.kernel
@pytest.mark.parametrize(("doc", "line", "source"), _PLAIN_BLOCKS, ids=[f"line{line}" for _, line, _ in _PLAIN_BLOCKS])
def test_example_runs_the_same_in_the_kernel_and_in_python(doc: str, line: int, source: str, tmp_path: Path) -> None:
    from pyoombpf.testing import KernelFunction

    entry = _load_block(doc, line, source, tmp_path)
    try:
        obj = pyoombpf.compile(entry)
        nparams = len(obj.program.entry.params)
        cases: list[tuple[tuple[int, ...], int | None]] | None = _DOCUMENTED.get(entry.__name__)
        if cases is None:
            values = (0, 1, 200, -7, 2**40 + 3)
            cases = [(tuple(values[(i + j) % len(values)] for j in range(nparams)), None) for i in range(4)]
        with KernelFunction(obj) as kf:
            for args, expected in cases:
                in_kernel, in_python = kf(*args), obj.python()(*args)
                assert in_kernel == in_python, f"{entry.__name__}{args}: kernel {in_kernel}, Python {in_python}"
                if expected is not None:
                    assert in_kernel == expected, f"{entry.__name__}{args} is documented as {expected}"
    finally:
        sys.modules.pop(entry.__module__, None)
