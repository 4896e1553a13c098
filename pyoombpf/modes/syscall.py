"""syscall mode: a plain function of the language as one ``SEC("syscall")`` test program.

The program reads the function's integer arguments from a context of 64-bit slots and writes the result after
them; :class:`pyoombpf.testing.KernelFunction` runs it with ``BPF_PROG_RUN`` (``pyoombpf.testing.kernel_call``).
Kernel objects are represented as in struct_ops mode (the task queries work on a task from a kfunc).
"""

from __future__ import annotations

from typing import Any

from pyoombpf.hir import intrinsics as I
from pyoombpf.modes.base import Job, Mode


class SyscallMode(Mode):
    name = I.SYSCALL
    policy = None

    def frontend(self, job: Job) -> None:
        from pyoombpf.frontend.builder import ProgramBuilder

        job.builder = ProgramBuilder(mode=self.name)
        job.program = job.builder.build(job.fn)
        check_params(job.program.entry)
        job.name = job.name or program_name(job.program.entry)
        job.namespace = job.fn.__globals__

    def types(self, job: Job) -> Any:
        # kernel types only if the function used any (no BTF is read for a program of plain integers)
        return job.builder.types_used

    def module(self, job: Job) -> Any:
        from pyoombpf.lowering.module import ModuleLowering
        from pyoombpf.lowering.targets import struct_ops_table

        assert job.program is not None
        types = self.types(job)
        return ModuleLowering(job.program.entry.filename, name=job.name, types=types, table=struct_ops_table())

    def entry(self, job: Job) -> None:
        assert job.program is not None
        job.ml.add_syscall_test_entry(job.program.entry, job.name)

    def runner(self) -> Any:
        from pyoombpf.testing import KernelFunction

        return KernelFunction


#: BPF object names (BPF_OBJ_NAME_LEN) hold 15 bytes; libbpf shortens longer program names to that, so only
#: the BTF name limit applies (KSYM_NAME_LEN)
MAX_PROGRAM_NAME = 127


def program_name(entry: Any) -> str:
    """The program is named after the function; the kernel takes ASCII identifiers only."""
    from pyoombpf.errors import TypingError
    from pyoombpf.names import is_btf_identifier

    if not is_btf_identifier(entry.name) or len(entry.name) > MAX_PROGRAM_NAME:
        raise TypingError(
            f"the program is named after the function, and {entry.name!r} is not a valid BPF name",
            entry.loc,
            ("BPF names are ASCII identifiers (letters, digits, `_`): pass compile(fn, name=...)",),
        )
    return str(entry.name)


def check_params(entry: Any) -> None:
    from pyoombpf.errors import TypingError
    from pyoombpf.types.core import BoolType, IntType

    for p in entry.params:
        if not isinstance(p.type, IntType | BoolType):
            raise TypingError(
                f"compile() builds a test program whose arguments are integers; parameter {p.name!r} is {p.type}",
                p.loc,
                ("kernel objects reach a program through kfuncs or a policy's context (see docs/language.md)",),
            )


SYSCALL = SyscallMode()
