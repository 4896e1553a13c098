"""The ObjectSpec of a compiled object: the ELF carries it, JSON carries it to a relay, and loading a bridge object
checks the kernel it was compiled against."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

import pyoombpf
from pyoombpf import PASS, OomControl, Verdict, oom_handler
from pyoombpf.errors import KernelMismatchError
from pyoombpf.objspec import SPEC_SECTION, KernelFingerprint, ObjectSpec
from tests.bundled import bundled_kernel_types
from tests.examples import example

oomd_like = example("oomd_like")
largest_leaf = example("largest_leaf").largest_leaf


@oom_handler("declines")
def declines(oc: OomControl) -> Verdict:
    """A bridge policy that reads no memory counter: it compiles against any build of the kernel."""
    return PASS


@pytest.fixture(scope="module")
def bridge_obj() -> pyoombpf.CompiledObject:
    """oomd_like in bridge mode, compiled against the bundled kernel description: the same object on every
    machine (its counters' slots come from the kernel's memcg layout, which differs between builds)."""
    with bundled_kernel_types():
        return pyoombpf.compile(oomd_like.oomd_like, mode="bridge")


@pytest.fixture(scope="module")
def kernel_obj() -> pyoombpf.CompiledObject:
    """A bridge object compiled against the running kernel's BTF (what the fingerprint tests are about)."""
    return pyoombpf.compile(declines, mode="bridge")


def test_the_object_file_and_json_carry_the_same_spec(bridge_obj: pyoombpf.CompiledObject) -> None:
    spec = bridge_obj.spec
    from_elf = ObjectSpec.from_elf(bridge_obj.elf)
    from_json = ObjectSpec.from_json(spec.to_json())
    assert from_elf is not None and from_elf.describe() == from_json.describe() == spec.describe()
    assert from_json.elf == spec.elf == bridge_obj.elf
    assert (spec.mode, spec.name, spec.symbol, spec.kill_reasons) == (
        "bridge",
        "oomd_like",
        "oomd_like",
        ["oomd_like policy"],
    )
    assert [(p.name, p.section) for p in spec.programs] == [("oomd_like", "syscall")]
    assert set(spec.maps) == {"prefs", "decisions", "events"} and spec.constants["OMIT"] == oomd_like.OMIT
    assert spec.kernel_bound and not pyoombpf.compile(oomd_like.oomd_like).spec.kernel_bound
    assert ObjectSpec.from_elf(pyoombpf.compile(largest_leaf).elf) is not None
    assert ObjectSpec.from_elf(bridge_obj._emitted.elf) is None  # what LLVM emitted, before the spec was added


def test_maps_are_typed_from_the_spec(bridge_obj: pyoombpf.CompiledObject) -> None:
    """In the compiling process the policy's own record class; from JSON (a relay) a rebuilt one, same bytes."""
    from pyoombpf.runtime.codec import IntCodec

    key, value = bridge_obj.map_codecs("prefs")
    assert key == IntCodec(8) and value is oomd_like.Pref
    rkey, rvalue = ObjectSpec.from_json(bridge_obj.spec.to_json()).map_codecs("prefs")
    pref = dict(mode=oomd_like.OMIT, recursive=1, last_pgscan=7)
    assert rkey == key and rvalue.pack(rvalue(**pref)) == value.pack(value(**pref))
    assert bridge_obj.map_codecs("events") == (None, None)
    with pytest.raises(KeyError, match="oomd_like has no map 'nope' .it has: decisions, prefs, events"):
        bridge_obj.map_codecs("nope")


def test_the_fingerprint_names_the_kernel_description(kernel_obj: pyoombpf.CompiledObject) -> None:
    from pyoombpf.btf.loader import vmlinux_digest

    kernel = kernel_obj.spec.kernel
    assert kernel is not None and kernel.btf == vmlinux_digest() and kernel.source == "/sys/kernel/btf/vmlinux"
    assert kernel.describe().startswith("kernel ") and kernel.btf[:12] in kernel.describe()


@pytest.mark.usefixtures("bundled_kernel")
def test_without_kernel_btf_the_fingerprint_is_the_bundle() -> None:
    kernel = pyoombpf.compile(oomd_like.oomd_like, mode="bridge").spec.kernel
    assert kernel == KernelFingerprint("", "", "", "oom v3, psi v3")
    assert "bundled kernel description" in kernel.describe()


def test_a_bridge_object_is_refused_on_another_kernel(kernel_obj: pyoombpf.CompiledObject) -> None:
    spec = ObjectSpec.from_elf(kernel_obj.elf)
    assert spec is not None
    spec.check_kernel()  # this kernel: fine
    with pytest.raises(
        KernelMismatchError, match=r"declines was compiled for bridge mode against kernel .* \(BTF"
    ) as e:
        spec.check_kernel("0" * 32)
    assert "compile it again on this machine" in str(e.value)
    struct_ops = ObjectSpec.from_elf(pyoombpf.compile(oomd_like.oomd_like).elf)
    assert struct_ops is not None
    struct_ops.check_kernel("0" * 32)  # CO-RE relocates struct_ops objects' layouts; they are not kernel-bound


@pytest.mark.kernel
def test_loading_checks_the_fingerprint_before_the_kernel_sees_the_object(kernel_obj: pyoombpf.CompiledObject) -> None:
    """An object file whose spec names another kernel (here: rewritten) is refused by BpfObject.load()."""
    from pyoombpf.elf import add_section
    from pyoombpf.runtime import BpfObject

    spec = kernel_obj.spec
    assert spec.kernel is not None
    other = spec.replace(kernel=spec.kernel.replace(btf="f" * 32, release="9.9.9-other"))
    elf = add_section(kernel_obj.elf, SPEC_SECTION, other.note())  # the last section of a name wins
    with (
        BpfObject.open(elf, name="other") as obj,
        pytest.raises(KernelMismatchError, match=r"against kernel 9\.9\.9-other \(BTF ffffffffffff\)"),
    ):
        obj.load()
    with BpfObject.open(kernel_obj.elf, name="same") as obj:
        obj.load()  # the kernel it was compiled on


def test_the_spec_imports_without_the_compiler() -> None:
    """What a relay needs of a compiled object: no llvmlite, no frontend, no lowering."""
    code = (
        "import sys, pyoombpf.objspec, pyoombpf.bridge.policy, pyoombpf.bridge.precompile; "
        "print(sorted(m for m in sys.modules if m == 'llvmlite' or m.startswith(('pyoombpf.lowering', "
        "'pyoombpf.frontend', 'pyoombpf.codegen', 'pyoombpf.compiler'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_spec_costs_a_relay_no_heavy_standard_module() -> None:
    """The relay locks its memory: reading a spec (map codecs aside) adds only itself and the json package to what
    importing pyoombpf's errors already costs (no dataclasses, typing, base64, ELF reader)."""
    code = (
        "import sys, pyoombpf.errors; before = set(sys.modules); import pyoombpf.objspec as o; "
        "o.ObjectSpec.from_json(sys.argv[1]); print(sorted(set(sys.modules) - before))"
    )
    spec = ObjectSpec("p", "bridge", b"\x7fELF", kernel=KernelFingerprint("ab" * 16, "6.18", "/sys/kernel/btf/vmlinux"))
    out = subprocess.run(
        [sys.executable, "-c", code, spec.to_json()], capture_output=True, text=True, check=True
    ).stdout
    added = ast.literal_eval(out)
    assert "pyoombpf.objspec" in added
    assert [m for m in added if m != "pyoombpf.objspec" and m.split(".")[0] not in ("json", "_json")] == []
    assert ObjectSpec.from_json(spec.to_json()) == spec
