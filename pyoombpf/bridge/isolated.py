"""Command lines for the processes the relay starts as root, isolated from the caller's directory and environment.

``python -m pkg.mod`` puts the current directory first on ``sys.path``, and ``PYTHONPATH`` and the user site are
honoured too: a ``json.py`` in the directory someone starts ``pyoombpf run`` from would run as root in the
child.  So every child starts as ``<absolute interpreter> -I -c <bootstrap> ...``: ``-I`` (isolated mode) leaves
the current directory, every ``PYTHON*`` variable and the user site out of ``sys.path``, and the bootstrap imports
this very ``pyoombpf`` package from the directory it was loaded from — no directory is added to ``sys.path`` —
then calls ``main(argv)`` of the child's module.  The environment is scrubbed to a short allow-list.

``lean=True`` (the watchdog) makes ``pyoombpf``, ``pyoombpf.runtime`` and ``pyoombpf.bridge`` bare packages whose
``__init__`` is not run, so the child maps only the modules it imports itself (no cffi, libbpf or compiler).
"""

from __future__ import annotations

import os
import sys

from pyoombpf.errors import PyoombpfError

#: the ``PATH`` children get: system directories only
SAFE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
#: variables passed on (besides ``PYOOMBPF_*``, pyoombpf's own switches): locale, time zone, where caches live
KEEP_ENV = ("HOME", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "TZ", "XDG_CACHE_HOME")
PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

_BOOT = """\
import sys
pkg, lean, module = sys.argv[1:4]
del sys.argv[1:4]
if lean == "1":
    import types
    for name, sub in (("pyoombpf", ""), ("pyoombpf.runtime", "/runtime"), ("pyoombpf.bridge", "/bridge")):
        bare = types.ModuleType(name)
        bare.__path__ = [pkg + sub]
        sys.modules[name] = bare
else:
    import importlib.util
    spec = importlib.util.spec_from_file_location("pyoombpf", pkg + "/__init__.py", submodule_search_locations=[pkg])
    top = importlib.util.module_from_spec(spec)
    sys.modules["pyoombpf"] = top
    spec.loader.exec_module(top)
import importlib
raise SystemExit(importlib.import_module(module).main(sys.argv[1:]))
"""


def interpreter() -> str:
    """This process's interpreter as an absolute path (not resolved: a virtual environment's ``bin/python`` must
    stay that path, or the child would not see the environment's packages)."""
    exe = sys.executable
    if not exe:
        raise PyoombpfError("cannot start a helper process: this Python does not know its own interpreter path")
    return os.path.abspath(exe)


def command(module: str, args: list[str], *, lean: bool = False) -> list[str]:
    """The argv that runs ``module.main(args)`` in an isolated child."""
    return [interpreter(), "-I", "-c", _BOOT, PACKAGE_DIR, "1" if lean else "0", module, *args]


def environment() -> dict[str, str]:
    """The scrubbed environment of a child: ``PATH`` fixed, the allow-list and ``PYOOMBPF_*`` kept."""
    env = {"PATH": SAFE_PATH}
    for key, value in os.environ.items():
        if key in KEEP_ENV or key.startswith("PYOOMBPF_"):
            env[key] = value
    return env
