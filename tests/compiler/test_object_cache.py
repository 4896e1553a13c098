"""The object cache (pyoombpf/codegen/cache.py): a hit is indistinguishable from a fresh compile, runs neither the
lowering nor LLVM, and anything the object depends on is in the key: a change to any of it is a miss, and the
object compiled then is the one a compile without the cache makes."""

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
from pyoombpf.files import import_file
from tests.examples import example

ll, oomd, psi, pick = (example(n) for n in ("largest_leaf", "oomd_like", "psi_oom", "pick_victim"))
jobs = [
    (ll.largest_leaf, "struct_ops", None), (ll.largest_leaf, "bridge", None), (ll.largest_leaf, "struct_ops", "v2"),
    (oomd.oomd_like, "struct_ops", None), (oomd.oomd_like, "bridge", None), (psi.PsiOom, "struct_ops", None),
    (psi.PsiOom, "struct_ops", "v2"), (pick.pick_victim, "struct_ops", None),
]
out = []
for fn, mode, abi in jobs:
    o = pyoombpf.compile(fn, mode=mode, abi=abi)
    out.append({
        "elf": hashlib.sha256(o.elf).hexdigest(), "spec": o.spec.describe(), "ir": o.ir,
        "optimized_ir": o.optimized_ir, "asm": o.asm, "raw_asm": o.raw_asm, "insns": o.insn_count,
        "stack": o._emitted.stack, "isolated": o._emitted.isolated, "kind": o.kind, "abi": o.abi,
        "symbol": o.symbol, "kill_reasons": o.kill_reasons, "releases": o.releases,
    })
lowered, llvm_loaded = "pyoombpf.lowering.module" in sys.modules, "llvmlite.binding" in sys.modules
errors = []
for name in sys.argv[2:]:  # programs that fail after the frontend: in the lowering, or after LLVM emitted them
    mod = import_file(name)
    try:
        pyoombpf.compile(mod.failing)
    except pyoombpf.CompileError as e:
        errors.append(str(e))
store = cache.get_cache()
stats = {"hits": store.hits, "misses": store.misses, "stores": store.stores} if store else None
print(json.dumps({
    "objects": out, "errors": errors, "stats": stats, "llvm_loaded": llvm_loaded,
    "lowered": lowered,
}))
"""

#: programs that fail after the frontend: LLVM's object needs more stack than the kernel gives (refused after
#: emission), and a map name pyoombpf reserves (refused by the lowering)
_FAILING = {
    "spill.py": "from pyoombpf import u64\n\n\ndef failing(p0: u64) -> u64:\n"
    + "".join(f"    l{i} = u64(p0) * {i * 7 + 3} + (u64(p0) >> {i % 60})\n" for i in range(220))
    + "    return "
    + " ^ ".join(f"l{i}" for i in range(220))
    + "\n",
    "reserved.py": "from pyoombpf import HashMap, u64\n\nm = HashMap(u64, u64, max_entries=2, name='_license')\n\n\n"
    "def failing(p0: u64) -> u64:\n    m[p0] = p0\n    return p0\n",
}


def _compile_all_in_child(tmp_path: Path, cache_on: bool) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYOOMBPF_")}
    env.update(
        PYOOMBPF_VMLINUX_BTF=str(tmp_path / "no-kernel-btf"),  # the bundled kernel description: the same everywhere
        PYOOMBPF_CACHE_DIR=str(tmp_path / "cache"),
        PYOOMBPF_OBJECT_CACHE="1" if cache_on else "0",
    )
    failing = []
    for name, text in _FAILING.items():
        (tmp_path / name).write_text(text)
        failing.append(str(tmp_path / name))
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(ROOT), *failing],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
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
    stored), and with the filled one (every compile a hit).  All three see the same objects, byte for byte, and
    the same errors: a program that fails after the frontend is never stored, so never served."""
    fresh = _compile_all_in_child(tmp_path, cache_on=False)
    stored = _compile_all_in_child(tmp_path, cache_on=True)
    served = _compile_all_in_child(tmp_path, cache_on=True)
    n, failing = len(fresh["objects"]), len(_FAILING)  # type: ignore[arg-type]
    assert fresh["stats"] == {"hits": 0, "misses": 0, "stores": 0}
    assert stored["stats"] == {"hits": 0, "misses": n + failing, "stores": n}
    assert served["stats"] == {"hits": n, "misses": failing, "stores": 0}
    assert len(fresh["errors"]) == failing  # type: ignore[arg-type]
    assert fresh["errors"] == stored["errors"] == served["errors"]
    assert "512 bytes" in fresh["errors"][0] and "reserved by pyoombpf" in fresh["errors"][1]  # type: ignore[index]
    for a, b, c in zip(fresh["objects"], stored["objects"], served["objects"], strict=True):  # type: ignore[call-overload]
        assert b["optimized_ir"] == c["optimized_ir"]
        assert _stable(a["optimized_ir"]) == _stable(b["optimized_ir"])
        for obj in (a, b, c):
            del obj["optimized_ir"]
        assert a == b == c
    assert fresh["llvm_loaded"] and stored["llvm_loaded"]
    assert not served["llvm_loaded"], "a compile served from the cache loaded LLVM"
    assert fresh["lowered"] and stored["lowered"]
    assert not served["lowered"], "a compile served from the cache ran the lowering"


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


_HELPER = """from pyoombpf import u64


def weight(a: u64) -> u64:
    return a * 3
"""

_PROGRAM = """import os

from cache_test_helper import weight

from pyoombpf import u64

LIMIT = int(os.environ.get("CACHE_TEST_LIMIT", "5"))  # a module constant the environment decides


def score(a: u64) -> u64:
    return weight(a) + LIMIT
"""


class _Files:
    """A program and the helper module it imports, in ``tmp_path``: each load imports both afresh."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.dir = tmp_path
        (tmp_path / "cache_test_helper.py").write_text(_HELPER)
        (tmp_path / "cache_test_program.py").write_text(_PROGRAM)
        monkeypatch.syspath_prepend(str(tmp_path))
        monkeypatch.setattr(sys, "dont_write_bytecode", True)  # an edit within a second must not be missed

    def load(self) -> object:
        from pyoombpf.files import import_file

        sys.modules.pop("cache_test_helper", None)  # the frontend reads the edited files itself (sourcetext.py)
        return import_file(self.dir / "cache_test_program.py", "cache_test_program").score

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.dir / name
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new))


def _same(a: object, b: object) -> None:
    """What a compile shows of two objects is the same: the ELF byte for byte (each emission's CO-RE serial is
    replaced by one canonical suffix, :func:`pyoombpf.codegen.emit._canonical`), the texts but for the serial
    of the CO-RE names in the lowering's IR, which differs from compile to compile in one process."""
    for attr in ("elf", "asm", "raw_asm", "ir", "kind", "abi", "symbol", "kill_reasons", "releases"):
        x, y = getattr(a, attr), getattr(b, attr)
        if isinstance(x, str):
            x, y = (cache.normalized(v) for v in (x, y))
        assert x == y, attr
    assert a.spec.describe() == b.spec.describe()  # type: ignore[attr-defined]


def _check_miss(store: cache.ObjectCache, fn: object, **options: object) -> object:
    """Compile ``fn``: a miss, then a hit, each the object a compile without the cache makes."""
    misses, hits = store.misses, store.hits
    first = pyoombpf.compile(fn, cache=True, **options)  # type: ignore[arg-type]
    assert (store.misses, store.hits) == (misses + 1, hits), "served from the cache"
    again = pyoombpf.compile(fn, cache=True, **options)  # type: ignore[arg-type]
    assert (store.misses, store.hits) == (misses + 1, hits + 1)
    assert again.elf == first.elf  # type: ignore[attr-defined]
    fresh = pyoombpf.compile(fn, cache=False, **options)  # type: ignore[arg-type]
    _same(first, fresh)
    _same(again, fresh)
    return first


@pytest.mark.usefixtures("bundled_kernel")
def test_every_input_of_a_plain_program_is_in_the_key(
    object_cache: cache.ObjectCache, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The program's file, the helper module it calls into, a module constant whose value comes from the
    environment (the files do not change), the options and the compiler: each change is a miss, and the object
    is then the one a compile without the cache makes."""
    files = _Files(tmp_path, monkeypatch)
    base = _check_miss(object_cache, files.load())
    assert base.python()(7) == 26  # type: ignore[attr-defined]
    files.edit("cache_test_helper.py", "a * 3", "a * 4")
    helper = _check_miss(object_cache, files.load())
    assert helper.python()(7) == 33 and helper.elf != base.elf  # type: ignore[attr-defined]
    monkeypatch.setenv("CACHE_TEST_LIMIT", "9")
    constant = _check_miss(object_cache, files.load())
    assert constant.python()(7) == 37 and constant.elf != helper.elf  # type: ignore[attr-defined]
    files.edit("cache_test_program.py", "return weight(a) + LIMIT", "return weight(a) + LIMIT + 1")
    program = _check_miss(object_cache, files.load())
    assert program.python()(7) == 38  # type: ignore[attr-defined]
    fn = files.load()
    _check_miss(object_cache, fn, name="renamed")
    _check_miss(object_cache, fn, isolate=True)
    monkeypatch.setenv("PYOOMBPF_NOINLINE", "1")  # a setting the lowering reads
    _check_miss(object_cache, fn)
    monkeypatch.delenv("PYOOMBPF_NOINLINE")
    monkeypatch.setattr(cache, "_compiler", "another compiler")
    _check_miss(object_cache, fn)
    monkeypatch.setattr(cache, "_compiler", None)  # back to the first program: the cache still holds it
    monkeypatch.delenv("CACHE_TEST_LIMIT")
    files.edit("cache_test_helper.py", "a * 4", "a * 3")
    files.edit("cache_test_program.py", "return weight(a) + LIMIT + 1", "return weight(a) + LIMIT")
    hits = object_cache.hits
    again = pyoombpf.compile(files.load(), cache=True)  # type: ignore[call-overload]
    assert object_cache.hits == hits + 1
    _same(again, base)


@pytest.mark.usefixtures("bundled_kernel")
def test_the_mode_and_the_abi_are_in_the_key(object_cache: cache.ObjectCache) -> None:
    fn = example("largest_leaf").largest_leaf
    objects = [
        _check_miss(object_cache, fn),
        _check_miss(object_cache, fn, mode="bridge"),
        _check_miss(object_cache, fn, abi="v2"),
        _check_miss(object_cache, fn, abi="post-v3"),
    ]
    assert len({o.elf for o in objects}) == len(objects)  # type: ignore[attr-defined]
    psi = example("psi_oom").PsiOom
    assert _check_miss(object_cache, psi).abi == "v3"  # type: ignore[attr-defined]
    assert _check_miss(object_cache, psi, abi="v2").abi == "v2"  # type: ignore[attr-defined]


def test_the_kernel_description_is_in_the_key(
    object_cache: cache.ObjectCache, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An object is compiled against a kernel description (its CO-RE access indexes come from the kernel's
    BTF): the same policy against another build of this kernel (its BTF rewritten by tests/btf/perturb.py) is a
    miss."""
    from pyoombpf.btf import forget_vmlinux
    from pyoombpf.btf.loader import VMLINUX_PATH
    from tests.btf.perturb import perturb

    if not os.path.exists(VMLINUX_PATH):
        pytest.skip(f"needs the running kernel's BTF ({VMLINUX_PATH}) to make two kernel descriptions from")
    data = Path(VMLINUX_PATH).read_bytes()
    this, other = tmp_path / "this-build", tmp_path / "other-build"
    this.write_bytes(data)
    other.write_bytes(perturb(data))
    fn = example("largest_leaf").largest_leaf
    objects = []
    for path in (this, other):
        monkeypatch.setenv("PYOOMBPF_VMLINUX_BTF", str(path))
        forget_vmlinux()
        objects.append(_check_miss(object_cache, fn))
    forget_vmlinux()
    assert objects[0].elf != objects[1].elf  # type: ignore[attr-defined]
    assert objects[0].spec.kernel.btf != objects[1].spec.kernel.btf  # type: ignore[attr-defined]


def test_the_compiler_files_are_in_the_key(
    object_cache: cache.ObjectCache, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The compiler's identity changes with any file of the package; unchanged files are found by their stat
    identity without being read again."""
    source = tmp_path / "part.py"
    source.write_text("x = 1\n")
    monkeypatch.setattr(cache, "_package_files", lambda: [(str(source), os.stat(source))])
    first = cache._compiler_digest()
    assert cache._compiler_digest() == first
    assert len(list(Path(object_cache.path).glob("compiler-*"))) == 1
    source.write_text("x = 22\n")
    assert cache._compiler_digest() != first
    assert len(list(Path(object_cache.path).glob("compiler-*"))) == 2


@pytest.mark.usefixtures("bundled_kernel")
def test_a_program_the_canonical_text_cannot_stand_for_is_keyed_on_its_ir(
    object_cache: cache.ObjectCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pyoombpf.hir import canonical

    def refuse(*args: object, **kwargs: object) -> object:
        raise canonical.NotCanonical("a test's object")

    monkeypatch.setattr(canonical, "program_text", refuse)
    fn = example("largest_leaf").largest_leaf
    first = _check_miss(object_cache, fn)
    (entry,) = Path(object_cache.path).glob("*.json")
    assert json.loads(entry.read_text())["lowered"] is None  # LLVM's output only: the lowering runs on a hit
    _same(first, pyoombpf.compile(fn))


def test_the_canonical_text_refuses_what_it_cannot_describe() -> None:
    from pyoombpf.hir import canonical

    program = pyoombpf.compile(_mix).program
    text, files = canonical.program_text(program, mode="syscall")
    assert files == [os.path.abspath(__file__)] and "'_mix'" in text
    assert canonical.program_text(program, mode="syscall")[0] == text
    program.globals["odd"] = [object()]
    with pytest.raises(canonical.NotCanonical):
        canonical.program_text(program, mode="syscall")


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
