"""How much BPF stack each function of an emitted object uses, read from its instructions.

The kernel gives a BPF function 512 bytes of stack.  LLVM's own check (in its frame lowering) reports an excess
as a fatal error that ends the whole process, so :mod:`pyoombpf.codegen.emit` raises LLVM's limit out of reach
and the compiler measures the result here instead: every stack access of BPF code is relative to the frame
pointer ``r10`` (``*(u64 *)(r10 - 16)``) or takes an address from it (``rX = r10; rX += -16``), so the deepest
such offset is the function's stack size.
"""

from __future__ import annotations

import struct

from pyoombpf.elf import functions

#: the kernel's limit for one BPF function's stack (MAX_BPF_STACK)
BPF_STACK_LIMIT = 512

_FP = 10
_CLASS_LDX, _CLASS_ST, _CLASS_STX, _CLASS_ALU64 = 0x01, 0x02, 0x03, 0x07
_LD_IMM64 = 0x18
_ALU_MOV, _ALU_ADD = 0xB0, 0x00
_SRC_REG = 0x08
_INSN = struct.Struct("<BBhi")


def stack_depths(elf: bytes) -> dict[str, int]:
    """Bytes of stack used by each function of ``elf`` (by symbol name).  An offset that does not fit the
    instruction's 16-bit field shows as a positive one; it is reported as larger than any real frame."""
    return {f.name: code_stack_depth(f.code(elf)) for f in functions(elf)}


def code_stack_depth(code: bytes) -> int:
    """The deepest frame-pointer offset the instructions in ``code`` touch, in bytes."""
    deepest = 0
    frame_copy: dict[int, int] = {}  # register -> offset from r10 it holds (after `rX = r10`)
    skip = False
    for op, regs, off, imm in _INSN.iter_unpack(code[: len(code) - len(code) % 8]):
        if skip:  # second half of a 64-bit immediate load
            skip = False
            continue
        dst, src = regs & 0xF, regs >> 4
        cls = op & 0x07
        if op == _LD_IMM64:
            skip = True
            frame_copy.pop(dst, None)
            continue
        if cls == _CLASS_LDX:
            if src == _FP:
                deepest = max(deepest, _depth(off))
            frame_copy.pop(dst, None)
        elif cls in (_CLASS_ST, _CLASS_STX):
            if dst == _FP:
                deepest = max(deepest, _depth(off))
        elif cls == _CLASS_ALU64:
            alu = op & 0xF0
            if alu == _ALU_MOV and op & _SRC_REG and src == _FP:
                frame_copy[dst] = 0
            elif alu == _ALU_ADD and not op & _SRC_REG and dst in frame_copy:
                frame_copy[dst] += imm
                deepest = max(deepest, _depth(frame_copy[dst]))
            else:
                frame_copy.pop(dst, None)
        elif cls == 0x04:  # ALU32 writes a register too
            frame_copy.pop(dst, None)
    return deepest


def _depth(offset: int) -> int:
    if offset > 0:
        return 1 << 16  # a frame beyond the 16-bit offsets wrapped around: far too deep
    return -offset
