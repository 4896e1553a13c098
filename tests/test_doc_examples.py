"""Every fenced block of the docs (docs/*.md and README.md) is run, or checked, here.

What is done with a block comes from an HTML comment on the line before its fence, ``<!-- check: KIND ARGS -->``,
or, without one, from its language: ```` ```python ```` defining a function or class → ``compile``; other
```` ```python ```` / ```` ```py ```` → ``run``; ```` ```text ```` of ``$ pyoombpf …`` lines → ``cli``.  A block
nothing applies to fails ``test_every_block_is_run_or_checked``.

=====================  ==========================================================================================
``compile [bridge]``   a complete module: its last function (or ``@psi_policy`` class) compiles (``bridge``: in
                       bridge mode, against the bundled kernel description)
``run [after[=T]] …``  executed as a script (repository and ``examples/`` importable); ``after`` first runs the
                       page's previous block (``after=T``: the nearest earlier one containing T), which may
                       itself continue another (a continuation); ``kernel``: it loads programs into the running
                       kernel, so it is a kernel test (marked, and skipped where kernel tests are)
``pytest [after[=T]]``  a test module: pytest runs it (with ``after`` as for ``run``) and it passes
``cli [run]``          every ``pyoombpf …`` command (after ``$ ``, or every line of a block without ``$``) parses
                       with the command's own parser; with ``run`` the commands run and print exactly the lines
                       shown (``/tmp/`` becomes a private directory)
``synopsis``           every option of every ``pyoombpf …`` usage line exists in that command's parser
``scenario P V``       a scenario file: simulating ``examples/P.py`` on it kills in cgroup ``V`` only
``config``             a ``pyoombpf run`` configuration file: it loads (every key known and valid)
``ini``                a systemd unit fragment: it parses
``promql``             alert rules: every ``pyoombpf_*`` metric they name is one the relay serves
``events``             one JSON object per line, each a known event of the bridge relay
``api REASON``         parses, and every name it imports exists (for code that needs what CI lacks: REASON)
``fragment OF``        a piece of the code named by OF: it parses (indented pieces too)
``excerpt PATH``       a verbatim piece of the repository file PATH (which its own tests run)
``message PATH TEXT``  a message pyoombpf prints: TEXT appears in PATH's source
``output PATH``        output of the program PATH (a benchmark: ``make bench`` rewrites it)
``files``              a listing or command list: every path and ``make`` target it names exists
``diagram``            a picture, not an example
=====================  ==========================================================================================
"""

from __future__ import annotations

import ast
import json
import os
import re
import shlex
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
_FENCE = re.compile(r"^```([\w-]*)\n(.*?)^```", re.S | re.M)
_MARK = re.compile(r"<!-- check: (.*?) -->")
KINDS = {
    "compile",
    "run",
    "pytest",
    "cli",
    "synopsis",
    "scenario",
    "config",
    "ini",
    "promql",
    "events",
    "api",
    "fragment",
    "excerpt",
    "message",
    "output",
    "files",
    "diagram",
}


@dataclass(frozen=True)
class Block:
    page: str
    line: int
    tag: str
    body: str
    check: tuple[str, ...]

    @property
    def kind(self) -> str:
        return self.check[0] if self.check else ""

    @property
    def args(self) -> tuple[str, ...]:
        return self.check[1:]

    def __str__(self) -> str:
        return f"{self.page}:{self.line}"


def _default(tag: str, body: str) -> tuple[str, ...]:
    if tag == "python" and re.search(r"^(def|class) ", body, re.M):
        return ("compile",)
    if tag in ("python", "py"):
        return ("run",)
    if tag == "text" and body.startswith("$ "):
        return ("cli",)
    return ()


def _blocks() -> list[Block]:
    out = []
    for page in PAGES:
        text = page.read_text()
        for m in _FENCE.finditer(text):
            before = text[: m.start()].rstrip("\n").rsplit("\n", 1)[-1].strip()
            mark = _MARK.fullmatch(before)
            check = tuple(shlex.split(mark.group(1))) if mark else _default(m.group(1), m.group(2))
            line = text.count("\n", 0, m.start()) + 1
            out.append(Block(page.name, line, m.group(1), m.group(2), check))
    return out


BLOCKS = _blocks()


def _of(kind: str) -> list[Block]:
    return [b for b in BLOCKS if b.kind == kind]


def _params(kind: str) -> object:
    blocks = [pytest.param(b, marks=[pytest.mark.kernel] if "kernel" in b.args else []) for b in _of(kind)]
    return pytest.mark.parametrize("block", blocks, ids=[str(b.values[0]) for b in blocks])


def test_every_block_is_run_or_checked() -> None:
    unchecked = [f"{b} ({b.tag or 'no language'})" for b in BLOCKS if b.kind not in KINDS]
    assert not unchecked, f"fenced blocks nothing runs or checks (add <!-- check: KIND --> before them): {unchecked}"
    assert len(BLOCKS) > 40


def test_no_development_machine_paths() -> None:
    """Docs show paths a reader has: not this checkout's, not a virtualenv's, not another machine's."""
    bad = re.compile(r"(/work/(main|wt)\b|/\.venv/lib/|" + re.escape(str(ROOT)) + ")")
    found = [f"{p.name}:{n}" for p in PAGES for n, line in enumerate(p.read_text().splitlines(), 1) if bad.search(line)]
    assert not found, f"absolute paths of a development machine: {found}"


# --------------------------------------------------------------------------------------------- code


def _examples_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYOOMBPF_")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "examples")])
    return env


@_params("compile")  # type: ignore[misc]
def test_compile(block: Block, tmp_path: Path) -> None:
    import pyoombpf
    from pyoombpf.files import import_file

    name = f"pyoombpf_doc_{block.page.removesuffix('.md').replace('-', '_')}_{block.line}"
    path = tmp_path / f"{name}.py"
    path.write_text(block.body)
    try:
        mod = import_file(path, name)
        defined = [v for v in vars(mod).values() if getattr(v, "__module__", None) == name and callable(v)]
        entry = max(defined, key=lambda f: f.__code__.co_firstlineno if hasattr(f, "__code__") else 0)
        if isinstance(entry, type) and getattr(entry, "__pyoombpf_policy__", None) is None:
            pytest.fail(f"{block}: the last definition is a class that is not a @psi_policy")
        if "bridge" in block.args:  # a policy only bridge mode runs (oc.drop_files …)
            from tests.bundled import bundled_kernel_types

            with bundled_kernel_types():
                assert pyoombpf.compile(entry, mode="bridge").insn_count > 0
        else:
            assert pyoombpf.compile(entry).insn_count > 0
    finally:
        sys.modules.pop(name, None)


def _with_earlier(block: Block) -> str:
    """The block's source after the blocks it continues (``after``/``after=TEXT``, recursively)."""
    page = [b for b in BLOCKS if b.page == block.page]
    here = page.index(block)
    for arg in block.args:
        if arg == "after" or arg.startswith("after="):
            text = arg.partition("=")[2]
            earlier = [b for b in page[:here] if text in b.body]
            assert earlier, f"{block}: no earlier block on the page contains {text!r}"
            return _with_earlier(earlier[-1]) + "\n" + block.body
    return block.body


def _run_script(block: Block, tmp_path: Path, *command: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "test_example.py"
    script.write_text(_with_earlier(block))
    return subprocess.run(
        [sys.executable, *command, str(script)],
        cwd=ROOT,
        env=_examples_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )


@_params("run")  # type: ignore[misc]
def test_run(block: Block, tmp_path: Path) -> None:
    done = _run_script(block, tmp_path)
    assert done.returncode == 0, f"{block} failed:\n{done.stdout}\n{done.stderr}"


@_params("pytest")  # type: ignore[misc]
def test_pytest(block: Block, tmp_path: Path) -> None:
    done = _run_script(block, tmp_path, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs")
    assert done.returncode == 0, f"{block} failed:\n{done.stdout}\n{done.stderr}"
    assert " passed" in done.stdout or " skipped" in done.stdout, done.stdout


def _imported_names(tree: ast.AST) -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.extend((node.module, a.name) for a in node.names)
        elif isinstance(node, ast.Import):
            out.extend((a.name, None) for a in node.names)
    return out


@_params("api")  # type: ignore[misc]
def test_api(block: Block) -> None:
    assert block.args, f"{block}: say why it cannot run (check: api REASON)"
    tree = ast.parse(block.body)
    code = "\n".join(
        f"import {mod}" if name is None else f"from {mod} import {name}" for mod, name in _imported_names(tree)
    )
    assert code, f"{block}: an api example imports what it uses"
    done = subprocess.run([sys.executable, "-c", code], env=_examples_env(), capture_output=True, text=True)
    assert done.returncode == 0, f"{block}: {done.stderr}"


@_params("fragment")  # type: ignore[misc]
def test_fragment(block: Block) -> None:
    assert block.args, f"{block}: say what it is a fragment of (check: fragment OF)"
    body = textwrap.dedent(block.body)
    try:
        ast.parse(body)
    except SyntaxError:  # an `if` without its function, a statement without its block
        ast.parse("def _():\n" + textwrap.indent(body, "    ") + "\n    pass\n")


@_params("excerpt")  # type: ignore[misc]
def test_excerpt(block: Block) -> None:
    (path,) = block.args
    source = (ROOT / path).read_text()
    assert textwrap.dedent(block.body).strip() in source, f"{block} is no longer a verbatim piece of {path}"


@_params("message")  # type: ignore[misc]
def test_message(block: Block) -> None:
    path, text = block.args
    assert text in block.body, f"{block}: {text!r} is not in the example"
    assert text in (ROOT / path).read_text(), f"{block}: {path} no longer prints {text!r}"


@_params("output")  # type: ignore[misc]
def test_output(block: Block) -> None:
    (path,) = block.args
    assert (ROOT / path).is_file(), f"{block}: {path} does not exist"


@_params("files")  # type: ignore[misc]
def test_files(block: Block) -> None:
    """Paths and ``make`` targets exist; in a listing (a ``dir/`` line, then indented entries) every entry does."""
    targets = set(re.findall(r"^([\w-]+):", (ROOT / "Makefile").read_text(), re.M))
    listing: Path | None = None
    for line in block.body.splitlines():
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        if listing is not None and line.startswith((" ", "\t")):
            assert (listing / words[0]).exists(), f"{block}: {listing.relative_to(ROOT) / words[0]} does not exist"
            continue
        listing = ROOT / words[0] if len(words) == 1 and words[0].endswith("/") else None
        for j, word in enumerate(words):
            if j and words[j - 1] == "make" and "=" not in word:
                assert word in targets, f"{block}: no make target {word!r}"
            elif re.fullmatch(r"[\w.-]+(/[\w.-]+)+/?", word) and not word.startswith(".venv/"):
                assert (ROOT / word).exists(), f"{block}: {word} does not exist"


@_params("diagram")  # type: ignore[misc]
def test_diagram(block: Block) -> None:
    assert block.tag in ("", "text"), f"{block}: a {block.tag} block is code: run or check it"


# --------------------------------------------------------------------------------------------- the command


def _parser_for(argv: list[str]) -> tuple[object, list[str]]:
    from pyoombpf import cli, cli_run, cli_service, cli_simulate

    own = {
        "run": cli_run.build_parser,
        "simulate": cli_simulate.build_parser,
        "check": cli_service.check_parser,
        "service": cli_service.service_parser,
    }
    if argv[:1] and argv[0] in own:
        return own[argv[0]](), argv[1:]
    return cli.build_parser(), argv


#: commands whose parser is built inside their main(): their options are read from ``--help``
_HELP_ONLY = ("status",)


def _help_options(command: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "pyoombpf.cli", command, "--help"], capture_output=True, text=True, timeout=120
    )
    return re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", done.stdout)


def _options(parser: object) -> dict[str, object]:
    """Every option string of ``parser`` and of its subcommands' parsers."""
    out = dict(parser._option_string_actions)  # type: ignore[attr-defined]
    for action in getattr(parser, "_actions", []):
        for sub in (getattr(action, "choices", None) or {}).values() if hasattr(action, "add_parser") else ():
            out.update(_options(sub))
    return out


def _commands(block: Block) -> list[tuple[str, list[str]]]:
    """(command line, the output lines shown after it) for each ``$ `` line; in a block without any, every line
    that is not a comment is a command."""
    lines = block.body.splitlines()
    if not any(line.startswith("$ ") for line in lines):
        return [(line, []) for line in lines if line.strip() and not line.lstrip().startswith("#")]
    out: list[tuple[str, list[str]]] = []
    for line in lines:
        if line.startswith("$ "):
            out.append((line[2:], []))
        elif out:
            out[-1][1].append(line)
    return out


@_params("cli")  # type: ignore[misc]
def test_cli(block: Block, tmp_path: Path) -> None:
    for command, _shown in _commands(block):
        words = shlex.split(command.split("|")[0].split(" # ")[0])
        if words[:1] == ["sudo"]:
            words = words[1:]
        if words[:1] != ["pyoombpf"]:
            continue  # another program (`echo $?`, `.venv/bin/python -m …`): run below, with `run`
        if words[1:2] and words[1] in _HELP_ONLY:
            unknown = [w for w in words[2:] if w.startswith("-") and w not in _help_options(words[1])]
            assert not unknown, f"{block}: `{command}`: no option {unknown}"
            continue
        parser, argv = _parser_for(words[1:])
        try:
            parser.parse_known_args(argv)  # type: ignore[attr-defined]
        except SystemExit as e:
            pytest.fail(f"{block}: `{command}` does not parse (exit {e.code})")
    if "run" not in block.args:
        return
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYOOMBPF_")}
    env["PYOOMBPF_VMLINUX_BTF"] = str(tmp_path / "no-kernel-btf")  # the bundled description: the same everywhere
    for command, shown in _commands(block):
        line = command.replace("/tmp/", f"{tmp_path}/")
        line = re.sub(r"^pyoombpf ", f"{sys.executable} -m pyoombpf.cli ", line)
        line = re.sub(r"^\.venv/bin/python ", f"{sys.executable} ", line)
        done = subprocess.run(line, shell=True, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        got = (done.stdout + done.stderr).replace(f"{tmp_path}/", "/tmp/").rstrip("\n").splitlines()
        while shown and not shown[-1]:
            shown.pop()
        assert got == shown, f"{block}: `{command}` printed:\n" + "\n".join(got)


@_params("synopsis")  # type: ignore[misc]
def test_synopsis(block: Block) -> None:
    for line in block.body.splitlines():
        words = line.split()
        if words[:1] != ["pyoombpf"] or len(words) < 2:
            continue
        if words[1] in _HELP_ONLY:
            actions = dict.fromkeys(_help_options(words[1]))
        else:
            parser, _ = _parser_for(words[1:2])
            actions = _options(parser)
        for option in re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", line):
            assert option in actions, f"{block}: `pyoombpf {words[1]}` has no option {option}"


# --------------------------------------------------------------------------------------------- data


@_params("scenario")  # type: ignore[misc]
def test_scenario(block: Block) -> None:
    from pyoombpf.simulate import Scenario, simulate
    from tests.examples import example

    policy, victim = block.args
    result = simulate(getattr(example(policy), policy), Scenario.loads(block.body, f"<{block}>"))
    assert result.victim_cgroups == [victim], f"{block}: {result.table()}"


@_params("config")  # type: ignore[misc]
def test_config(block: Block) -> None:
    from pyoombpf.service.config import loads

    loads(block.body)


@_params("ini")  # type: ignore[misc]
def test_ini(block: Block) -> None:
    import configparser

    parser = configparser.ConfigParser(inline_comment_prefixes=("#", ";"))
    parser.read_string(block.body)
    assert parser.sections(), f"{block}: no section"


@_params("promql")  # type: ignore[misc]
def test_promql(block: Block) -> None:
    served = (ROOT / "pyoombpf" / "service" / "metrics.py").read_text()
    for name in set(re.findall(r"\bpyoombpf_\w+", block.body)):
        base = re.sub(r"_(total|bucket|count|sum|created)$", "", name)
        assert f'"{base}"' in served, f"{block}: the relay serves no metric {name}"


@_params("events")  # type: ignore[misc]
def test_events(block: Block) -> None:
    from pyoombpf.bridge import events

    kinds = set(events.KINDS)
    for line in block.body.splitlines():
        if line.strip():
            event = json.loads(line)
            assert event["event"] in kinds, f"{block}: unknown event {event['event']!r}"
