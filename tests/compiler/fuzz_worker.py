"""The fuzz test's worker process: compiles generated modules and runs them, one request per line.

It runs as a separate process (``python -I fuzz_worker.py``) so that anything that ends a process — LLVM's
fatal errors above all — ends the worker, which the test sees and reports as a defect with the module's source,
instead of ending pytest.  Requests and answers are JSON lines on stdin/stdout:

    {"path": "/tmp/.../gen_3.py", "target": "TARGET", "kind": "syscall", "args": [[1, 2], ...], "kernel": true}

Answers: ``{"outcome": "compiled", "python": [...], "kernel": [...]}`` (kernel results when asked and the kernel
can run BPF), ``{"outcome": "error", ...}`` for a CompileError (its class, file, line, column, message), ``{"outcome":
"rejected", ...}`` for a verifier rejection located at a Python line (file, line, errno), and
``{"outcome": "unexpected", "stage": ..., "traceback": ...}`` for anything else.
"""

from __future__ import annotations

import json
import sys
import traceback
from typing import Any


def _error(e: BaseException, stage: str) -> dict[str, Any]:
    from pyoombpf.errors import CompileError

    if isinstance(e, CompileError):
        loc = e.loc
        return {
            "outcome": "error",
            "stage": stage,
            "type": type(e).__name__,
            "file": loc.filename if loc else None,
            "line": loc.lineno if loc else None,
            "col": loc.col if loc else None,
            "message": e.message,
            "text": str(e),
        }
    from pyoombpf.errors import NotSupportedError, VerifierError

    if isinstance(e, NotSupportedError):
        return {"outcome": "not-supported", "stage": stage, "message": str(e)}
    if isinstance(e, VerifierError) and e.filename is not None:
        return {
            "outcome": "rejected",
            "stage": stage,
            "file": e.filename,
            "line": e.lineno,
            "errno": e.errno,
            "text": str(e),
        }
    return {
        "outcome": "unexpected",
        "stage": stage,
        "type": type(e).__name__,
        "traceback": "".join(traceback.format_exception(e))[-4000:],
    }


def handle(req: dict[str, Any]) -> dict[str, Any]:
    import pyoombpf
    from pyoombpf.files import import_file
    from pyoombpf.pyexec.rules import PyEnv

    name = f"pyoombpf_fuzz_{abs(hash(req['path']))}"
    try:
        mod = import_file(req["path"], name)
    except Exception as e:  # noqa: BLE001 - every outcome is reported
        return _error(e, "import")
    try:
        target = getattr(mod, req["target"])
        modes = ("struct_ops", "bridge") if req["kind"] == "policy" else ("struct_ops",)
        objs = []
        for mode in modes:
            try:
                objs.append(pyoombpf.compile(target, mode=mode))
            except Exception as e:  # noqa: BLE001
                return _error(e, f"compile ({mode})")
        isolated = any(o._emitted.isolated for o in objs)
        if req["kind"] == "policy":
            try:
                objs[0].python()
            except Exception as e:  # noqa: BLE001
                return _error(e, "python model")
            return {"outcome": "compiled", "isolated": isolated}
        obj = objs[0]
        try:
            env = PyEnv()
            run = obj.python(env)
            python = [_value(run(*args)) for args in req["args"]]
        except Exception as e:  # noqa: BLE001
            return _error(e, "python model")
        result: dict[str, Any] = {"outcome": "compiled", "isolated": isolated, "python": python}
        if req.get("kernel"):
            from pyoombpf.testing import KernelFunction

            try:
                with KernelFunction(obj) as kf:
                    result["kernel"] = [_value(kf(*args)) for args in req["args"]]
            except Exception as e:  # noqa: BLE001
                return _error(e, "kernel")
        return result
    finally:
        sys.modules.pop(name, None)


def _value(v: Any) -> Any:
    return int(v) if isinstance(v, bool | int) else repr(v)


def main() -> None:
    out = sys.stdout
    sys.stdout = sys.stderr  # anything printed by the code under test stays off the answer channel
    for line in sys.stdin:
        if not line.strip():
            continue
        answer = handle(json.loads(line))
        out.write(json.dumps(answer) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
