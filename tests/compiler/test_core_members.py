"""What a warm compile makes once, and the CO-RE struct descriptions it makes each time.

* A kernel struct is described with the members the program accesses and no others (pyoombpf/lowering/kernel.py):
  every access names its member by its position in that description, at the member's real offset.  A wrong
  position would relocate the wrong member at load time without any other symptom, so these tests read the IR.
* The frontend keeps what depends only on the parsed source (a ``def``'s local names, a node's position) and the
  kernel type source per process; an edited file or a reloaded kernel BTF must still be seen.
"""

from __future__ import annotations

import ast
import re

import pytest

import pyoombpf
from pyoombpf.btf import forget_vmlinux
from pyoombpf.frontend.builder import ProgramBuilder
from pyoombpf.frontend.scopes import local_names
from pyoombpf.frontend.source import SourceFile
from tests.bundled import bundled_kernel_types
from tests.examples import example

_NODE = re.compile(r"^!(\d+) = (.*)$", re.M)
_ACCESS = re.compile(
    r"@\"llvm\.preserve\.(struct|union)\.access\.index\.p0\.p0\"\(ptr elementtype\(%\"[^\"]+\"\) %\"[^\"]+\", "
    r"i32 (\d+)(?:, i32 (\d+))?\).*!llvm\.preserve\.access\.index !(\d+)"
)
_REF = re.compile(r"!(\d+)")


def _described(ir_text: str) -> dict[str, tuple[str, list[str]]]:
    """struct node → (its name, the text of each member node in order), for the CO-RE struct descriptions (the
    distinct ones: kernel.py makes each kernel struct's node distinct)."""
    nodes = dict(_NODE.findall(ir_text))
    out = {}
    for n, text in nodes.items():
        if text.startswith("distinct !DICompositeType(") and "elements: !" in text:
            elements = re.search(r"elements: !(\d+)", text)
            name = re.search(r'name: "([^"]+)"', text)
            assert elements is not None
            members = [nodes[m] for m in _REF.findall(nodes[elements.group(1)])]
            out[n] = (name.group(1) if name else "(anonymous)", members)
    return out


def _positions(ir_text: str) -> dict[str, set[int]]:
    """struct node → the member positions the program's accesses name."""
    out: dict[str, set[int]] = {}
    for kind, gep, di, node in _ACCESS.findall(ir_text):
        if kind == "struct":
            assert gep == di, "a struct access names one member twice (LLVM's and the debug info's index)"
        out.setdefault(node, set()).add(int(gep))
    return out


@pytest.mark.parametrize(
    ("name", "attr", "mode"),
    [
        ("largest_leaf", "largest_leaf", "bridge"),
        ("oomd_like", "oomd_like", "struct_ops"),
        ("psi_oom", "PsiOom", "struct_ops"),
    ],
)
def test_a_struct_is_described_with_the_members_accessed_and_each_access_names_its_position(
    name: str, attr: str, mode: str
) -> None:
    ir_text = pyoombpf.compile(getattr(example(name), attr), mode=mode, cache=False).ir
    described, positions = _described(ir_text), _positions(ir_text)
    assert positions, "the program reads kernel structs"
    for node, used in positions.items():
        struct, members = described[node]
        # every described member is accessed, and the accesses name exactly the positions 0..n-1
        assert used == set(range(len(members))), (struct, used, len(members))
        assert all("baseType: !" in m and "DW_TAG_member" in m for m in members)


@pytest.mark.usefixtures("bundled_kernel")
def test_a_described_member_keeps_its_real_offset_and_name() -> None:
    """The members kept are the ones accessed, at the offsets the kernel description gives (libbpf relocates by
    name; the instructions' offsets before relocation come from these)."""
    from pyoombpf.btf import TypeSource

    types = TypeSource(abi="v3")
    ir_text = pyoombpf.compile(example("largest_leaf").largest_leaf, cache=False).ir
    seen = 0
    for struct, members in _described(ir_text).values():
        if "___pyo" not in struct:
            continue
        layout = {m.name: m.bit_offset for m in types.struct(struct.split("___")[0]).members}
        for m in members:
            name = re.search(r'name: "([^"]+)"', m)
            offset = re.search(r"offset: (\d+)", m)
            assert name is not None and offset is not None
            assert layout[name.group(1)] == int(offset.group(1)), (struct, m)
            seen += 1
    assert seen >= 4


def test_a_defs_local_names_are_found_once_per_parsed_def() -> None:
    tree = ast.parse("def f(a):\n    x = 1\n    for y in a:\n        pass\n    return x\n")
    fn = tree.body[0]
    assert isinstance(fn, ast.FunctionDef)
    first = local_names(fn)
    assert set(first) == {"x", "y"}
    assert local_names(fn) is first
    other = ast.parse("def f(a):\n    z = 1\n").body[0]
    assert isinstance(other, ast.FunctionDef)
    assert set(local_names(other)) == {"z"}  # another parse (an edited file) is another node


def test_a_nodes_position_belongs_to_its_source_file() -> None:
    text = "def f():\n    return 1\n"
    tree = ast.parse(text)
    a = SourceFile("a.py", tuple(text.splitlines(keepends=True)), tree)
    b = SourceFile("b.py", tuple(text.splitlines(keepends=True)), tree)
    node = tree.body[0]
    assert a.loc(node) is a.loc(node)
    assert a.loc(node).filename == "a.py"
    assert b.loc(node).filename == "b.py"  # never another file's position
    assert a.loc(node).lineno == 1


def test_the_kernel_type_source_is_made_once_per_kernel_btf() -> None:
    from pyoombpf.btf.loader import try_vmlinux

    with bundled_kernel_types():
        bundled = ProgramBuilder().types
        assert bundled.spec is None
        assert ProgramBuilder().types is bundled
    if try_vmlinux() is None:
        pytest.skip("the running kernel has no BTF (/sys/kernel/btf/vmlinux): only the bundled description")
    first = ProgramBuilder().types
    assert first.spec is try_vmlinux() and first is not bundled
    assert ProgramBuilder().types is first
    assert ProgramBuilder(psi_abi="v2").types is not first  # another ABI pair, another source
    forget_vmlinux()  # the BTF is read again: nothing read from the spec before is reused
    again = ProgramBuilder().types
    assert again is not first and again.spec is try_vmlinux()
