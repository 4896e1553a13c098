"""What the kernel knows about a loaded program, read with raw ``bpf()`` calls (ctypes; benchmark-only).

* :func:`prog_info` — ``BPF_OBJ_GET_INFO_BY_FD``: ``verified_insns`` (the number the verifier prints as
  "processed N insns"; the kernel stores ``env->insn_processed`` there since 5.16), ``xlated_insns`` (instructions
  after the verifier's rewrites), ``run_time_ns`` / ``run_cnt`` (only counted while run-time stats are on).
* :class:`RunTimeStats` — ``BPF_ENABLE_STATS(BPF_STATS_RUN_TIME)``: the kernel counts program run time while the
  returned fd is open and stops when it closes (the ``kernel.bpf_stats_enabled`` sysctl is a second, global
  switch we never touch).

Reading the stats line from the verifier log would need the runtime to load with ``kernel_log_level`` 4
(``BPF_LOG_STATS``); ``verified_insns`` is the same counter without asking for a log.
"""

from __future__ import annotations

import ctypes
import os
import struct
from dataclasses import dataclass

_NR_BPF = 321  # x86_64
_BPF_OBJ_GET_INFO_BY_FD = 15
_BPF_ENABLE_STATS = 32
_BPF_STATS_RUN_TIME = 0
_INFO_SIZE = 232  # struct bpf_prog_info up to attach_btf_id (6.x), 8-byte aligned

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long


def _bpf(cmd: int, attr: ctypes.Array[ctypes.c_char]) -> int:
    ret = _libc.syscall(_NR_BPF, cmd, attr, len(attr))
    if ret < 0:
        err = ctypes.get_errno()
        raise OSError(err, f"bpf({cmd}) failed: {os.strerror(err)}")
    return int(ret)


@dataclass(frozen=True)
class ProgInfo:
    name: str
    verified_insns: int
    xlated_insns: int
    jited_bytes: int
    run_time_ns: int
    run_cnt: int


def prog_info(fd: int) -> ProgInfo:
    """The kernel's ``bpf_prog_info`` of the program behind ``fd``."""
    info = ctypes.create_string_buffer(_INFO_SIZE)
    attr = ctypes.create_string_buffer(16)  # info.bpf_fd u32, info_len u32, info u64
    struct.pack_into("<IIQ", attr, 0, fd, _INFO_SIZE, ctypes.addressof(info))
    _bpf(_BPF_OBJ_GET_INFO_BY_FD, attr)
    raw = info.raw
    jited_len, xlated_len = struct.unpack_from("<II", raw, 16)
    name = raw[64:80].split(b"\0", 1)[0].decode()
    run_time_ns, run_cnt = struct.unpack_from("<QQ", raw, 192)
    (verified,) = struct.unpack_from("<I", raw, 216)
    return ProgInfo(name, verified, xlated_len // 8, jited_len, run_time_ns, run_cnt)


class RunTimeStats:
    """Kernel run-time accounting of BPF programs while this context is open."""

    def __init__(self) -> None:
        attr = ctypes.create_string_buffer(8)
        struct.pack_into("<I", attr, 0, _BPF_STATS_RUN_TIME)
        self.fd = _bpf(_BPF_ENABLE_STATS, attr)

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def __enter__(self) -> RunTimeStats:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
