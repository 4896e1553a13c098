"""Helpers for tests and benchmarks that load real BPF objects (used by tests/runtime and by other test
suites).

* :func:`compile_c` builds a C BPF program with Debian's ``clang-19`` (cached under ``~/.cache/pyoombpf``).
* :func:`kernel_skip_reason` says why kernel tests cannot run here (``None`` when they can).
* :func:`open_fd_count` / :func:`rss_bytes` measure leaks.

Generated files never go into the repository: the cache directory is ``$PYOOMBPF_CACHE`` or
``~/.cache/pyoombpf``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

from pyoombpf.runtime._ffi import trim_heap
from pyoombpf.runtime.privileges import privilege_problem

REPO_ROOT = Path(__file__).resolve().parents[2]
C_FIXTURES = REPO_ROOT / "src_c" / "tests"
CLANG_CANDIDATES = ("clang-19", "clang")


def cache_dir() -> Path:
    path = Path(os.environ.get("PYOOMBPF_CACHE", "~/.cache/pyoombpf")).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def find_clang() -> str | None:
    override = os.environ.get("PYOOMBPF_CLANG")
    if override:
        return override
    return next((c for c in map(shutil.which, CLANG_CANDIDATES) if c), None)


def vmlinux_h() -> Path:
    """``vmlinux.h`` of the running kernel (bpftool's C dump of /sys/kernel/btf/vmlinux), cached per kernel
    build."""
    btf = Path("/sys/kernel/btf/vmlinux")
    key = hashlib.sha256(btf.read_bytes()).hexdigest()[:16]
    out = cache_dir() / "include" / key / "vmlinux.h"
    if not out.exists():
        bpftool = shutil.which("bpftool") or "/usr/sbin/bpftool"
        out.parent.mkdir(parents=True, exist_ok=True)
        text = subprocess.run(
            [bpftool, "btf", "dump", "file", str(btf), "format", "c"], check=True, capture_output=True
        ).stdout
        tmp = out.with_suffix(".tmp")
        tmp.write_bytes(text)
        tmp.replace(out)
    return out


def compile_c(source: str | Path, cflags: tuple[str, ...] = ()) -> bytes:
    """Compile a BPF C file (``name.c`` alone means ``src_c/tests/name.c``) to ELF bytes, cached by
    content."""
    path = Path(source)
    if not path.is_absolute() and not path.exists():
        path = C_FIXTURES / path
    clang = find_clang()
    if clang is None:
        raise FileNotFoundError("clang-19 is needed to build the C test programs: apt-get install clang-19")
    header = vmlinux_h()
    args = [
        clang,
        "-O2",
        "-g",
        "--target=bpf",
        "-mcpu=v3",
        "-D__TARGET_ARCH_x86",
        f"-I{header.parent}",
        f"-I{path.parent}",
        *cflags,
    ]
    key = hashlib.sha256("\0".join([*args, path.read_text(), str(path)]).encode()).hexdigest()[:20]
    out = cache_dir() / "objects" / f"{path.stem}-{key}.o"
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_suffix(f".{os.getpid()}.tmp")
        proc = subprocess.run([*args, "-c", str(path), "-o", str(tmp)], capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"compiling {path} failed:\n{proc.stderr}")
        tmp.replace(out)
    return out.read_bytes()


BACKPORTS_LIBBPF = "libbpf1/bookworm-backports"


def newer_libbpf() -> Path | None:
    """A libbpf >= 1.4 to test against: ``$PYOOMBPF_LIBBPF_NEW``, or Debian bookworm-backports' ``libbpf1``
    unpacked under the cache (fetched once with a private apt configuration; the system's apt is untouched).
    """
    override = os.environ.get("PYOOMBPF_LIBBPF_NEW")
    if override:
        return Path(override)
    root = cache_dir() / "libbpf-backports"
    found = sorted(root.glob("usr/lib/*/libbpf.so.1"))
    if found:
        return found[0]
    apt = cache_dir() / "apt-backports"
    for sub in ("lists/partial", "archives/partial"):
        (apt / sub).mkdir(parents=True, exist_ok=True)
    sources = apt / "sources.list"
    sources.write_text(
        "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] "
        "http://deb.debian.org/debian bookworm-backports main\n"
    )
    opts = [
        f"-oDir::Etc::sourcelist={sources}",
        "-oDir::Etc::sourceparts=-",
        f"-oDir::State::Lists={apt / 'lists'}",
        f"-oDir::Cache={apt}",
        "-oAPT::Sandbox::User=root",
    ]
    try:
        subprocess.run(["apt-get", *opts, "update", "-qq"], check=True, capture_output=True, timeout=300)
        subprocess.run(
            ["apt-get", *opts, "download", BACKPORTS_LIBBPF],
            cwd=apt,
            check=True,
            capture_output=True,
            timeout=300,
        )
        deb = sorted(apt.glob("libbpf1_*.deb"))[-1]
        subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True, capture_output=True)
    except (OSError, subprocess.SubprocessError, IndexError):
        return None
    found = sorted(root.glob("usr/lib/*/libbpf.so.1"))
    return found[0] if found else None


def kernel_skip_reason() -> str | None:
    """Why BPF kernel tests cannot run in this process, or None."""
    if not Path("/sys/kernel/btf/vmlinux").exists():
        return "the kernel has no BTF (/sys/kernel/btf/vmlinux)"
    return privilege_problem()


def open_fd_count() -> int:
    return len(os.listdir("/proc/self/fd"))


def rss_bytes() -> int:
    """Resident set size after returning freed C heap to the kernel."""
    trim_heap()
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
