"""The object cache (pyoombpf/codegen/cache.py): a hit is indistinguishable from a fresh compile, never loads
LLVM, and anything LLVM's output depends on is in the key."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import pyoombpf
from pyoombpf import i32
from pyoombpf.codegen import cache
from tests.examples import EXAMPLES, example

ROOT = Path(__file__).resolve().parents[2]

#: compiles every example program (each mode of the policies) and prints what a CompiledObject shows of it
_CHILD = r"""
import hashlib, json, sys
sys.path.insert(0, sys.argv[1])
import pyoombpf
from pyoombpf import i32
from pyoombpf.codegen import cache
from tests.examples import example

ll, oomd, psi, pick = (example(n) for n in ("largest_leaf", "oomd_like", "psi_oom", "pick_victim"))
jobs = [
    (ll.largest_leaf, "struct_ops"), (ll.largest_leaf, "bridge"), (oomd.oomd_like, "struct_ops"),
    (oomd.oomd_like, "bridge"), (psi.PsiOom, "struct_ops"), (pick.pick_victim, "struct_ops"),
]
out = []
for fn, mode in jobs:
    o = pyoombpf.compile(fn, mode=mode)
    out.append({
        "elf": hashlib.sha256(o.elf).hexdigest(), "spec": o.spec.describe(), "ir": o.ir,
        "optimized_ir": o.optimized_ir, "asm": o.asm, "raw_asm": o.raw_asm, "insns": o.insn_count,
        "stack": o._emitted.stack, "isolated": o._emitted.isolated,
    })
store = cache.get_cache()
stats = {"hits": store.hits, "misses": store.misses, "stores": store.stores} if store else None
print(json.dumps({"objects": out, "stats": stats, "llvm_loaded": "llvmlite.binding" in sys.modules}))
"""


def _compile_all_in_child(tmp_path: Path, cache_on: bool) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYOOMBPF_")}
    env.update(
        PYOOMBPF_VMLINUX_BTF=str(tmp_path / "no-kernel-btf"),  # the bundled kernel description: the same everywhere
        PYOOMBPF_CACHE_DIR=str(tmp_path / "cache"),
        PYOOMBPF_OBJECT_CACHE="1" if cache_on else "0",
    )
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(ROOT)], capture_output=True, text=True, env=env, cwd=tmp_path, check=False
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def _stable(optimized_ir: str) -> list[str]:
    """LLVM's optimised IR text differs from one process to the next even where its object does not (the BPF
    backend orders CO-RE globals, numbers ``llvm.bpf.passthrough`` calls and metadata by pointer values): its
    code lines, sorted, without metadata and those numbers."""
    lines = []
    for line in optimized_ir.splitlines():
        if not line.startswith("!"):
            line = re.sub(r"passthrough\.p0\.p0\(i32 \d+", "passthrough(N", line)
            lines.append(re.sub(r"!\d+", "!N", line))
    return sorted(lines)


def test_a_hit_is_indistinguishable_from_a_fresh_compile(tmp_path: Path) -> None:
    """Three fresh processes compile the same programs: without the cache, with an empty one (every compile
    stored), and with the filled one (every compile a hit).  All three see the same objects, byte for byte."""
    fresh = _compile_all_in_child(tmp_path, cache_on=False)
    stored = _compile_all_in_child(tmp_path, cache_on=True)
    served = _compile_all_in_child(tmp_path, cache_on=True)
    n = len(fresh["objects"])  # type: ignore[arg-type]
    assert fresh["stats"] == {"hits": 0, "misses": 0, "stores": 0}
    assert stored["stats"] == {"hits": 0, "misses": n, "stores": n}
    assert served["stats"] == {"hits": n, "misses": 0, "stores": 0}
    for a, b, c in zip(fresh["objects"], stored["objects"], served["objects"], strict=True):  # type: ignore[call-overload]
        assert b["optimized_ir"] == c["optimized_ir"]
        assert _stable(a["optimized_ir"]) == _stable(b["optimized_ir"])
        for obj in (a, b, c):
            del obj["optimized_ir"]
        assert a == b == c
    assert fresh["llvm_loaded"] and stored["llvm_loaded"]
    assert not served["llvm_loaded"], "a compile served from the cache loaded LLVM"


@pytest.fixture
def object_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> cache.ObjectCache:
    monkeypatch.setenv("PYOOMBPF_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("PYOOMBPF_OBJECT_CACHE", raising=False)
    store = cache.get_cache()
    assert store is not None
    return store


@pytest.mark.usefixtures("bundled_kernel")
def test_a_hit_in_process_keeps_the_policy_types(object_cache: cache.ObjectCache) -> None:
    """A hit still types the program in this process: the maps decode into the policy's own record classes and
    the object runs as Python."""
    oomd = example("oomd_like")
    fresh = pyoombpf.compile(oomd.oomd_like, mode="bridge", cache=True)
    hit = pyoombpf.compile(oomd.oomd_like, mode="bridge", cache=True)
    assert (object_cache.misses, object_cache.hits, object_cache.stores) == (1, 1, 1)
    assert hit.spec.describe() == fresh.spec.describe() and hit.asm == fresh.asm
    assert hit.elf == fresh.elf  # the cache hands back the bytes LLVM made the first time
    assert hit.map_codecs("prefs")[1] is fresh.map_codecs("prefs")[1]
    assert hit.map_codecs("prefs")[1].__name__ == "Pref"
    pyoombpf.compile(_mix, cache=True)
    plain = pyoombpf.compile(_mix, cache=True)
    assert object_cache.hits == 2 and plain.python()(7, 3) == _mix(7, 3) == 16


def _mix(a: i32, b: i32) -> i32:
    return a + b * 3


@pytest.mark.usefixtures("bundled_kernel")
def test_off_unless_asked(object_cache: cache.ObjectCache, monkeypatch: pytest.MonkeyPatch) -> None:
    fn = example("largest_leaf").largest_leaf
    pyoombpf.compile(fn)
    assert (object_cache.misses, object_cache.hits) == (0, 0)
    monkeypatch.setenv("PYOOMBPF_OBJECT_CACHE", "1")
    pyoombpf.compile(fn)
    pyoombpf.compile(fn, cache=False)
    assert (object_cache.misses, object_cache.stores, object_cache.hits) == (1, 1, 0)
    monkeypatch.setenv("PYOOMBPF_OBJECT_CACHE", "0")
    assert not cache.for_commands()
    monkeypatch.delenv("PYOOMBPF_OBJECT_CACHE")
    assert cache.for_commands()


@pytest.mark.usefixtures("bundled_kernel")
def test_the_source_file_is_in_the_key(object_cache: cache.ObjectCache, tmp_path: Path) -> None:
    """LLVM copies the source lines into .BTF.ext from the file: a change the IR does not show (a comment at the
    end) is a miss, and the object then quotes the new file."""
    path = tmp_path / "policy.py"
    shutil.copy(EXAMPLES / "largest_leaf.py", path)
    from pyoombpf.files import import_file

    fn = import_file(path, "cached_policy").largest_leaf
    first = pyoombpf.compile(fn, cache=True)
    pyoombpf.compile(fn, cache=True)
    assert (object_cache.misses, object_cache.hits) == (1, 1)
    source = path.read_text()
    path.write_text(source.replace("scope = oc.memcg", "scope = oc.memcg  # the OOMing cgroup"))
    again = pyoombpf.compile(fn, cache=True)  # the function object is unchanged; only the file on disk
    assert (object_cache.misses, object_cache.hits) == (2, 1)
    assert cache.normalized(again.ir) == cache.normalized(first.ir)
    assert b"the OOMing cgroup" in again.elf and b"the OOMing cgroup" not in first.elf


def test_the_kernel_and_the_compiler_are_in_the_key() -> None:
    ir = 'define i32 @f() {\n  ret i32 0\n}\n%"struct.x___pyo7" = type {i8}\n'
    base = cache.key(ir, kernel="a", opt_level=2, isolate=False)
    assert base is not None
    assert cache.key(ir.replace("___pyo7", "___pyo8"), kernel="a", opt_level=2, isolate=False) == base
    assert cache.key(ir, kernel="b", opt_level=2, isolate=False) != base
    assert cache.key(ir, kernel="a", opt_level=1, isolate=False) != base
    assert cache.key(ir, kernel="a", opt_level=2, isolate=True) != base
    assert len(cache.compiler_version()) == 64
    unreadable = ir + '!0 = !DIFile(directory: "/nonexistent", filename: "p\\C3\\A9.py")\n'
    assert cache.source_files(unreadable) == ["/nonexistent/pé.py"]
    assert cache.key(unreadable, kernel="a", opt_level=2, isolate=False) is None  # not cached


@pytest.mark.usefixtures("bundled_kernel")
def test_a_bad_entry_or_directory_is_not_used(object_cache: cache.ObjectCache) -> None:
    fn = example("largest_leaf").largest_leaf
    fresh = pyoombpf.compile(fn, cache=True)
    (entry,) = Path(object_cache.path).glob("*.json")
    entry.write_text(json.dumps({"format": cache.FORMAT, "key": "someone else's", "elf": "00"}))
    again = pyoombpf.compile(fn, cache=True)  # a miss: compiled again and stored again
    assert (object_cache.misses, object_cache.hits, object_cache.stores) == (2, 0, 2)
    assert again.asm == fresh.asm
    os.chmod(object_cache.path, 0o777)  # others could plant objects: not used at all
    try:
        pyoombpf.compile(fn, cache=True)
        assert (object_cache.misses, object_cache.hits, object_cache.stores) == (3, 0, 2)
    finally:
        os.chmod(object_cache.path, 0o700)


def test_old_entries_are_pruned(object_cache: cache.ObjectCache, monkeypatch: pytest.MonkeyPatch) -> None:
    from pyoombpf.codegen.emitted import EmittedObject

    monkeypatch.setattr(cache, "MAX_ENTRIES", 4)
    monkeypatch.setattr(cache, "_KEEP_AFTER_PRUNE", 2)
    emitted = EmittedObject(elf=b"\x7fELF", optimized_ir="", _module=None, _asm="")
    for i in range(5):
        assert object_cache.put(f"{i:064x}", emitted)
        os.utime(Path(object_cache.path) / f"{i:064x}.json", (i, i))
    kept = sorted(int(p.stem, 16) for p in Path(object_cache.path).glob("*.json"))
    assert kept == [3, 4]
