"""Verifier rejections point at the source line of the failing instruction."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from pyoombpf.errors import LoadError, NotSupportedError, VerifierError
from pyoombpf.runtime import BpfObject, features
from pyoombpf.runtime import object as object_module

from .conftest import Build, expected_line, fixture_path

pytestmark = pytest.mark.kernel


@pytest.mark.parametrize(
    ("case", "program", "summary"),
    [
        ("loop", "spin", "infinite loop detected"),
        ("null", "deref", "invalid mem access"),
        ("leak", "leak", "Unreleased reference"),
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
    assert summary in err.summary and "\n" not in err.summary, err.log[-2000:]
    if case == "null":
        assert "or_null_'" in err.summary  # 'ptr_or_null_' (6.18) or 'trusted_ptr_or_null_' (7.x)
    assert err.filename == str(fixture_path("verifier_errors.c"))
    assert err.lineno == expected_line("verifier_errors.c", case)
    assert err.source_line is not None and f"EXPECT {case}" in err.source_line
    assert f"verifier_errors.c:{err.lineno}: verifier rejected program {program!r}" in str(err)
    assert all(part in err.log for part in err.summary.split("; "))
    assert "processed" in err.log  # the whole log is kept


def test_nothing_reaches_stderr_behind_the_users_back(build: Build, capfd: pytest.CaptureFixture[str]) -> None:
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


def test_missing_kfunc_is_not_supported_with_the_series_named(build: Build, no_fd_leak: None) -> None:
    if features().has_kfunc("bpf_oom_kill_process"):
        pytest.skip("this kernel has bpf_oom_kill_process (BPF OOM series)")
    with BpfObject.open(build("kfuncs.c"), "kf") as obj, pytest.raises(NotSupportedError) as info:
        obj.load()
    assert info.value.feature == "kfunc bpf_oom_kill_process"
    assert "BPF OOM series" in info.value.requirement and "--mode bridge" in info.value.hint


def test_weak_kfunc_missing_from_the_kernel_loads_and_reads_as_absent(build: Build, no_fd_leak: None) -> None:
    if features().has_kfunc("bpf_oom_kill_process"):
        pytest.skip("this kernel has bpf_oom_kill_process (BPF OOM series)")
    with BpfObject.open(build("kfuncs.c", "-DWEAK"), "kf") as obj:
        obj.load()
        assert obj.program("probe").test_run(b"\0" * 8).retval == 17


def test_a_log_bigger_than_the_buffer_is_retried_with_a_bigger_one(
    build: Build, monkeypatch: pytest.MonkeyPatch, no_fd_leak: None
) -> None:
    monkeypatch.setattr(object_module, "INITIAL_LOG_SIZE", 512)
    elf = build("verifier_errors.c", "-DCASE_LEAK")
    with BpfObject.open(elf, "bad") as obj, pytest.raises(VerifierError) as info:
        obj.load()
    assert obj._log_size > 512  # reopened with a bigger buffer
    assert info.value.log.startswith("func#0") or info.value.log.startswith("0: R1=ctx()")
    assert info.value.lineno == expected_line("verifier_errors.c", "leak")


def test_refusals_before_verification_quote_libbpfs_cause(build: Build, no_fd_leak: None) -> None:
    with BpfObject.open(build("missing_target.c"), "target") as obj, pytest.raises(LoadError) as info:
        obj.load()
    assert not isinstance(info.value, VerifierError)
    assert "program 'on_nothing' was refused before verification" in str(info.value)
    assert "pyoombpf_no_such_tracepoint" in str(info.value)


@pytest.fixture(scope="module")
def compiled_policies() -> dict[str, bytes]:
    """The functions of verifier_policies.py compiled once (the compiler keeps caches open: not our fds)."""
    from pyoombpf.compiler import compile

    from . import verifier_policies

    return {name: compile(getattr(verifier_policies, name)).elf for name in ("leaky", "unchecked")}


@pytest.mark.parametrize(
    ("case", "function", "summary"), [("leak", "leaky", "Unreleased reference"), ("null", "unchecked", "or_null_'")]
)
def test_python_line_of_a_rejected_compiled_function(
    compiled_policies: dict[str, bytes], case: str, function: str, summary: str, no_fd_leak: None
) -> None:
    """The same errors from restricted Python: lineno is the line of the .py file."""
    from . import verifier_policies

    with BpfObject.open(compiled_policies[function], function) as obj, pytest.raises(VerifierError) as info:
        obj.load()
    err = info.value
    source = Path(verifier_policies.__file__)
    expected = next(n for n, line in enumerate(source.read_text().splitlines(), 1) if f"EXPECT {case}" in line)
    assert summary in err.summary
    assert (err.filename, err.lineno) == (str(source), expected)
    assert err.source_line is not None and f"EXPECT {case}" in err.source_line
    assert f"verifier_policies.py:{expected}: verifier rejected program {function!r}" in str(err)
