"""Verifier rejections point at the source line of the failing instruction."""

from __future__ import annotations

import errno

import pytest

from pyoombpf.errors import LoadError, VerifierError
from pyoombpf.runtime import BpfObject

from .conftest import Build, expected_line, fixture_path

pytestmark = pytest.mark.kernel


@pytest.mark.parametrize(
    ("case", "program", "summary"),
    [
        ("loop", "spin", "infinite loop detected"),
        ("null", "deref", "invalid mem access 'ptr_or_null_'"),
        ("leak", "leak", "reference leak"),
    ],
)
def test_verifier_error_names_the_failing_line(
    build: Build, case: str, program: str, summary: str, no_fd_leak: None
) -> None:
    elf = build("verifier_errors.c", f"-DCASE_{case.upper()}")
    with BpfObject.open(elf, "bad") as obj, pytest.raises(VerifierError) as info:
        obj.load()
    err = info.value
    assert isinstance(err, LoadError) and err.errno in (errno.EACCES, errno.EINVAL)
    assert err.program == program
    assert summary in err.summary and "\n" not in err.summary
    assert err.filename == str(fixture_path("verifier_errors.c"))
    assert err.lineno == expected_line("verifier_errors.c", case)
    assert err.source_line is not None and f"EXPECT {case}" in err.source_line
    assert f"verifier_errors.c:{err.lineno}: verifier rejected program {program!r}" in str(err)
    assert err.summary in err.log and "processed" in err.log  # the whole log is kept


def test_nothing_reaches_stderr_behind_the_users_back(
    build: Build, capfd: pytest.CaptureFixture[str]
) -> None:
    with (
        BpfObject.open(build("verifier_errors.c", "-DCASE_NULL"), "bad") as obj,
        pytest.raises(VerifierError),
    ):
        obj.load()
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")


def test_libbpf_messages_go_to_the_logger(build: Build, caplog: pytest.LogCaptureFixture) -> None:
    with (
        BpfObject.open(build("verifier_errors.c", "-DCASE_LEAK"), "bad") as obj,
        pytest.raises(VerifierError),
    ):
        obj.load()
    assert any(r.name == "pyoombpf.libbpf" and "prog 'leak'" in r.getMessage() for r in caplog.records)


def test_a_failed_object_cannot_be_loaded_again(build: Build) -> None:
    with BpfObject.open(build("verifier_errors.c", "-DCASE_LOOP")) as obj:
        with pytest.raises(VerifierError):
            obj.load()
        with pytest.raises(Exception, match="open a new one"):
            obj.load()
