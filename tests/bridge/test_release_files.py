"""drop_files on its own (no cgroups, no root needed): what may be deleted, in which order, and what never is."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from pyoombpf.bridge.release import DropDir, ReleaseConfigError, check_tags, drop_files


def _file(path: Path, size: int, age_s: float = 0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    t = time.time() - age_s
    os.utime(path, (t, t))
    return path


def test_largest_first_until_enough_and_never_outside_or_through_a_link(tmp_path: Path) -> None:
    root, outside = tmp_path / "cache", tmp_path / "outside"
    big, mid, small = _file(root / "big", 64 << 10), _file(root / "sub" / "mid", 32 << 10), _file(root / "small", 4096)
    victim = _file(outside / "victim", 128 << 10)  # bigger than anything inside: must survive
    (root / "to-file").symlink_to(victim)
    (root / "to-dir").symlink_to(outside, target_is_directory=True)  # never descended into
    os.link(_file(outside / "linked", 256 << 10), root / "hardlink")  # other names: deleting frees nothing
    kept = _file(root / "index.keep", 512 << 10)

    def enough() -> bool:  # after two deletions
        return sum(not p.exists() for p in (big, mid, small)) >= 2

    result = drop_files(DropDir(str(root), "largest", ("*.keep",)), enough, time.monotonic() + 30)
    assert [rel for rel, _ in result.deleted] == ["big", "sub/mid"]
    assert not big.exists() and not mid.exists() and small.exists() and kept.exists()
    assert victim.exists() and (outside / "linked").exists() and (root / "hardlink").exists()
    assert (root / "to-file").is_symlink() and (root / "to-dir").is_symlink()
    assert result.skipped >= 4  # the two symlinks, the hard link, the kept file


def test_oldest_first_and_the_deadline(tmp_path: Path) -> None:
    root = tmp_path / "scratch"
    old, new = _file(root / "a-new", 4096, age_s=10), _file(root / "z-old", 4096, age_s=1000)
    result = drop_files(DropDir(str(root), "oldest"), lambda: False, time.monotonic() + 30)
    assert [rel for rel, _ in result.deleted] == ["z-old", "a-new"] and not old.exists() and not new.exists()
    _file(root / "late", 4096)
    assert drop_files(DropDir(str(root), "oldest"), lambda: False, time.monotonic() - 1).deleted == []


def test_declarations_are_checked(tmp_path: Path) -> None:
    real = tmp_path / "real"
    (real / "sub").mkdir(parents=True)
    (tmp_path / "alias").symlink_to(real)
    with pytest.raises(ReleaseConfigError, match="is a symlink"):
        DropDir(str(tmp_path / "alias")).check("c")
    with pytest.raises(ReleaseConfigError, match="goes through a symlink"):
        DropDir(f"{tmp_path}/alias/sub").check("c")
    with pytest.raises(ReleaseConfigError, match="order must be one of largest, oldest"):
        DropDir(str(real), "newest").check("c")
    with pytest.raises(ReleaseConfigError, match="drops files tagged a, b"):
        check_tags([["drop_files", "b", 0, ""], ["drop_files", "a", 0, ""], ["reclaim", "", 0, ""]], {})
    check_tags([["reclaim", "", 0, ""]], {})  # no tags needed
