"""``pyoombpf run`` compiles bridge policies in a child process (the relay never maps LLVM)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pyoombpf.bridge.precompile import compile_in_child
from pyoombpf.errors import PyoombpfError

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.usefixtures("bundled_kernel")
def test_the_child_returns_what_the_relay_needs() -> None:
    pre = compile_in_child(str(REPO / "examples" / "largest_leaf.py"))
    assert (pre.kind, pre.name, pre.symbol) == ("bridge", "largest_leaf", "largest_leaf")
    assert pre.elf.startswith(b"\x7fELF") and pre.kill_reasons == ["largest_leaf policy"]
    with pytest.raises(PyoombpfError, match="typed access to map 'prefs'"):
        pre.map_codecs("prefs")


def test_a_compile_error_in_the_child_keeps_its_location(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from pyoombpf import PASS, OomControl, Verdict, oom_handler\n\n\n"
        '@oom_handler(name="bad")\ndef bad(oc: OomControl) -> Verdict:\n    return oc.nope\n'
    )
    with pytest.raises(PyoombpfError) as err:
        compile_in_child(str(bad))
    assert f"{bad}:6:12: error: OomControl has no attribute 'nope'" in str(err.value)


@pytest.mark.usefixtures("bundled_kernel")
def test_the_relay_process_does_not_load_llvm() -> None:
    import subprocess

    code = (
        "import sys; from pyoombpf.bridge.precompile import compile_in_child; "
        f"compile_in_child({str(REPO / 'examples' / 'largest_leaf.py')!r}); "
        "print('llvmlite' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
