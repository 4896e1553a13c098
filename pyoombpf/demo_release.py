"""The release step of ``make demo``: the same kind of OOM, answered by deleting a disposable tmpfs cache instead
of killing (``examples/release_first.py`` in bridge mode).

A throwaway v1 memory cgroup ``<top>/workload`` (256 MiB), and a tmpfs directory of our own under ``/dev/shm``
declared disposable as ``[release.cache]``:

    web    writes 80 MiB of cache files into that directory (its pages are charged to web), then stays
    batch  120 MiB
    ingest grows by 70 MiB until the cgroup is out of memory

The policy drops cache files, largest first, until the OOM is over; nothing is killed.  Every process started is
stopped by pid, every cgroup removed and the directory deleted, whatever happens.
"""

from __future__ import annotations

import secrets
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pyoombpf.bridge.memcg_v1 import v1_memory_root
from pyoombpf.demo_oom import Tree

CACHE_FILES, CACHE_FILE_MB = 8, 10
BATCH_MB, GROW_MB = 120, 70


def _writer(directory: Path) -> str:
    """Code that writes the cache files into ``directory`` (closed: deleting them frees their pages), then stays."""
    return (
        f"import os, sys\nd = {str(directory)!r}\nblock = b'c' * (1 << 20)\n"
        f"for i in range({CACHE_FILES}):\n"
        "    with open(os.path.join(d, f'tile{i}.cache'), 'wb') as f:\n"
        f"        for _ in range({CACHE_FILE_MB}):\n            f.write(block)\n"
        "print('ready', flush=True)\nsys.stdin.read()\n"
    )


_HOLD = (
    "import mmap, sys\nm = mmap.mmap(-1, int(sys.argv[1]) << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)\n"
    "for i in range(0, len(m), 4096):\n    m[i] = 1\nprint('ready', flush=True)\nsys.stdin.read()\n"
)
_GROW = (
    "import mmap, sys, time\nm = mmap.mmap(-1, int(sys.argv[1]) << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)\n"
    "for i in range(0, len(m), 4096):\n    m[i] = 1\n    if i % (1 << 20) == 0: time.sleep(0.002)\n"
    "print('done', flush=True)\n"
)


def run(say: Callable[[str], None], policy: Any) -> bool:
    """The step; False when the machine cannot do it (said why)."""
    root = v1_memory_root()
    if root is None:
        say("   skipped: no cgroup v1 memory hierarchy here")
        return False
    from pyoombpf.bridge import BridgePolicy
    from pyoombpf.bridge.release import DropDir
    from pyoombpf.compiler import compile as pcompile

    cache = Path("/dev/shm") / f"pyoombpf-demo-{secrets.token_hex(4)}"
    cache.mkdir()
    try:
        say(f"   [release.cache] path = {cache} (tmpfs), order = largest")
        say(f"   web writes {CACHE_FILES} x {CACHE_FILE_MB} MiB of cache files there; batch holds {BATCH_MB} MiB;")
        say(f"   then 'ingest' grows by {GROW_MB} MiB until the cgroup (256 MiB) is out of memory")
        compiled = pcompile(policy, mode="bridge")
        events: list[str] = []
        with Tree(root) as tree:
            for leaf, code, mb in (("web", _writer(cache), 0), ("batch", _HOLD, BATCH_MB)):
                p = tree.spawn(leaf, code, mb, 0)
                assert p.stdout is not None
                p.stdout.readline()
            dirs = {"cache": DropDir(str(cache), "largest")}
            with BridgePolicy(compiled, tree.top, on_event=lambda e: events.append(e.to_text()), release=dirs) as bp:
                grower = tree.spawn("ingest", _GROW, GROW_MB, 0)
                deadline = time.monotonic() + 60
                while grower.poll() is None and time.monotonic() < deadline:
                    bp.run_once(0.1)
            time.sleep(0.2)
            for line in events:
                say(f"      {line}")
            say("   " + "   ".join(f"{leaf}: {state}" for leaf, state in tree.fate().items()))
        left = sorted(p.name for p in cache.iterdir())
        say(f"   cache files left: {len(left)} of {CACHE_FILES} ({', '.join(left) or 'none'})")
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    say("   (every demo process stopped, every demo cgroup and the cache directory removed)")
    return True
