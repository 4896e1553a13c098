"""``LruHashMap``: typed like a ``HashMap``, defined as BPF_MAP_TYPE_LRU_HASH, and -- in the kernel and in the
Python model alike -- a full one stores a new key by evicting an old one, where a full ``HashMap`` refuses it.

Which key the kernel evicts is not asserted: its LRU is approximate (per-CPU lists, a reference bit)."""

from __future__ import annotations

import struct
from collections.abc import Iterator

import pytest

from pyoombpf import CompileError, DeclarationError, HashMap, LruHashMap, compile, u32, u64
from pyoombpf.btf import load_bytes
from pyoombpf.elf import section_map
from pyoombpf.pyexec.rules import PyEnv
from pyoombpf.runtime import BpfObject, IntCodec

N = 8  # both maps' max_entries
BPF_MAP_TYPE_HASH, BPF_MAP_TYPE_LRU_HASH = 1, 9

lru = LruHashMap(u64, u64, max_entries=N)
plain = HashMap(u64, u64, max_entries=N)
counts = LruHashMap(u32, u32, max_entries=N)


def store(k: u64) -> u64:
    """Store ``k`` in both maps; which of them hold it now (bit 0: the LRU map, bit 1: the hash map)."""
    lru[k] = k + 1
    plain[k] = k + 1
    found: u64 = 0
    if lru.get(k, 0) == k + 1:
        found |= 1
    if k in plain:
        found |= 2
    return found


def every_operation(k: u64) -> u64:
    """get / [] = / += / in / del, as a HashMap has them."""
    before = lru.get(k, 100)
    lru[k] = before + 1
    lru[k] += 2
    counts[u32(k)] += 1
    if k in lru:
        del lru[k + 1]
    return lru.get(k, 0) + u64(counts.get(u32(k), 0))


def map_type(fn: object, name: str) -> int:
    """The map's type as the object's BTF map definition declares it (``type``: a pointer to an array of that
    many elements) -- what libbpf creates the map from."""
    obj = compile(fn)  # type: ignore[arg-type]
    spec = load_bytes(section_map(obj.elf)[".BTF"].data(obj.elf))
    var = spec.find("var", name)
    assert var is not None
    return int(var.type.member("type").type.target.nelems)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------------------------- compile


def test_lru_map_is_declared_as_lru_hash_in_the_object() -> None:
    assert map_type(store, "lru") == BPF_MAP_TYPE_LRU_HASH
    assert map_type(store, "plain") == BPF_MAP_TYPE_HASH
    spec = compile(store).spec
    assert (spec.map("lru").kind, spec.map("lru").max_entries, spec.map("lru").is_hash) == ("lru_hash", N, True)
    assert spec.map("lru").int_key == (64, False) and spec.map("lru").int_value == (64, False)


def test_lru_map_supports_every_hash_map_operation() -> None:
    obj = compile(every_operation)
    assert set(obj.spec.maps) == {"lru", "counts"}
    env = PyEnv()
    assert obj.python(env)(5) == 103 + 1
    assert obj.python(env)(5) == 106 + 2


def reads_by_subscript(k: u64) -> u64:
    return lru[k]


def test_reading_by_subscript_is_refused_as_on_a_hash_map() -> None:
    with pytest.raises(CompileError, match=r"reading lru\[key\] from a hash map: use lru.get\(key, default\)"):
        compile(reads_by_subscript)


@pytest.mark.parametrize("bad", [0, -1, 2**32, True])
def test_max_entries_is_checked(bad: object) -> None:
    with pytest.raises(DeclarationError, match="max_entries must be a positive integer"):
        LruHashMap(u64, u64, max_entries=bad)  # type: ignore[arg-type]


def test_repr_names_the_kind() -> None:
    assert repr(LruHashMap(u64, u32, max_entries=3)) == "LruHashMap(u64, u32, max_entries=3)"


# --------------------------------------------------------------------------------------------- the model


def test_python_model_evicts_the_least_recently_used_key() -> None:
    env = PyEnv()
    run = compile(store).python(env)
    assert [run(k) for k in range(1, N + 1)] == [3] * N
    run(1)  # a lookup and an update: key 1 is the most recent again, so 2 is the oldest
    assert run(100) == 1  # stored in the LRU map only: the hash map is full and refuses it
    assert list(env.maps["lru"].data) == [3, 4, 5, 6, 7, 8, 1, 100]
    assert list(env.maps["plain"].data) == list(range(1, N + 1))


# --------------------------------------------------------------------------------------------- the kernel


@pytest.fixture
def loaded() -> Iterator[BpfObject]:
    obj = compile(store)
    with BpfObject.open(obj.elf, name=obj.name) as bpf:
        bpf.load()
        yield bpf


def run(bpf: BpfObject, k: int) -> int:
    out = bpf.program("store").test_run(struct.pack("<QQ", k, 0)).ctx_out
    return int(struct.unpack_from("<Q", out, 8)[0])


@pytest.mark.kernel
def test_kernel_lru_map_stores_a_new_key_where_a_full_hash_map_refuses_it(loaded: BpfObject) -> None:
    lru_map = loaded.map("lru", key=IntCodec(8), value=IntCodec(8))
    plain_map = loaded.map("plain", key=IntCodec(8), value=IntCodec(8))
    assert (lru_map.type, plain_map.type) == ("lru_hash", "hash")
    results = [run(loaded, k) for k in range(1, 3 * N + 1)]  # three times max_entries, from the program
    assert results[:N] == [3] * N
    assert results[N:] == [1] * (2 * N)  # every later key: stored in the LRU map, refused by the full hash map
    assert sorted(plain_map.keys()) == list(range(1, N + 1))
    kept = dict(lru_map.items())
    assert 0 < len(kept) <= N and 3 * N in kept and all(v == k + 1 for k, v in kept.items())
    assert run(loaded, 1000) == 1
    assert lru_map.get(1000) == 1001 and 1000 not in plain_map


@pytest.mark.kernel
def test_kernel_lru_map_filled_from_user_space_still_takes_the_programs_key(loaded: BpfObject) -> None:
    lru_map = loaded.map("lru", key=IntCodec(8), value=IntCodec(8))
    for k in range(10_000, 10_000 + 3 * N):  # user space updates evict too
        lru_map[k] = k + 1
    assert 0 < len(lru_map.keys()) <= N
    assert run(loaded, 7) & 1 == 1
    assert lru_map.get(7) == 8
