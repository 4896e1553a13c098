"""``pyoombpf run`` compiles bridge policies in a child process (the relay never maps LLVM)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pyoombpf.bridge.precompile import compile_in_child
from pyoombpf.errors import PyoombpfError

REPO = Path(__file__).resolve().parents[2]

# not kernel tests: compiled against the bundled kernel description, the same on every machine (the running kernel's
# memcg counter layout, which bridge programs depend on, differs between builds)
pytestmark = pytest.mark.usefixtures("bundled_kernel")


def test_the_child_returns_what_the_relay_needs() -> None:
    pre = compile_in_child(str(REPO / "examples" / "largest_leaf.py"))
    assert (pre.kind, pre.name, pre.symbol) == ("bridge", "largest_leaf", "largest_leaf")
    assert pre.elf.startswith(b"\x7fELF") and pre.kill_reasons == ["largest_leaf policy"]
    with pytest.raises(KeyError, match="largest_leaf has no map 'prefs'"):
        pre.map_codecs("prefs")


def test_the_child_describes_the_maps_and_constants() -> None:
    """Typed map access (configured map entries, exported counters) works on a policy compiled in the child."""
    from pyoombpf.files import import_file
    from pyoombpf.runtime.codec import IntCodec

    pre = compile_in_child(str(REPO / "examples" / "oomd_like.py"))
    mod = import_file(REPO / "examples" / "oomd_like.py")
    assert pre.constants["OMIT"] == mod.OMIT and pre.constants["KILLS"] == mod.KILLS
    key, value = pre.map_codecs("prefs")
    assert key == IntCodec(8) and value.size == mod.Pref.size
    pref = value(mode=mod.OMIT, recursive=1, last_pgscan=7)
    assert value.pack(pref) == mod.Pref.pack(mod.Pref(mode=mod.OMIT, recursive=1, last_pgscan=7))
    assert pre.map_codecs("decisions") == (IntCodec(4), IntCodec(8))


def test_a_compile_error_in_the_child_keeps_its_location(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from pyoombpf import PASS, OomControl, Verdict, oom_handler\n\n\n"
        '@oom_handler(name="bad")\ndef bad(oc: OomControl) -> Verdict:\n    return oc.nope\n'
    )
    with pytest.raises(PyoombpfError) as err:
        compile_in_child(str(bad))
    assert f"{bad}:6:12: error: OomControl has no attribute 'nope'" in str(err.value)


def test_the_relay_process_does_not_load_llvm() -> None:
    import subprocess

    code = (
        "import sys; from pyoombpf.bridge.precompile import compile_in_child; "
        f"compile_in_child({str(REPO / 'examples' / 'largest_leaf.py')!r}); "
        "print('llvmlite' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
