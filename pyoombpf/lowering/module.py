"""A whole BPF object: HIR program(s) → one llvmlite module (functions, entry points, externs, maps, debug info)."""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable
from typing import Any

import llvmlite.ir as ir
import llvmlite.ir.types as _ir_types

from pyoombpf import progress
from pyoombpf.btf.errors import TypeNotFoundError
from pyoombpf.codegen.emitted import DATALAYOUT, TRIPLE
from pyoombpf.errors import Loc, LoweringError
from pyoombpf.hir import nodes as H
from pyoombpf.lowering.arith import Arith
from pyoombpf.lowering.debuginfo import DebugInfo, MetadataModule
from pyoombpf.lowering.function import FunctionLowering
from pyoombpf.lowering.limits import StackSlots, must_inline
from pyoombpf.lowering.loops import Loops
from pyoombpf.lowering.types import di_type, llvm_type
from pyoombpf.names import btf_symbol
from pyoombpf.types.core import IntType, VoidType

#: distinct per module so that LLVM's CO-RE globals never collide between modules of one process
_module_serial = itertools.count(1)


#: how to rename what clashes with a name the object needs
_RENAME = "give it another name with name=... (compile(fn, name=...), @oom_handler(name=...), a map's name=...)"


def _reserved_names() -> tuple[str, ...]:
    """The global names pyoombpf's own objects take (the license, the bridge's and the policy queries' maps)."""
    from pyoombpf.bridge.abi import ACTIONS_MAP, ENV_MAP, KILLS_MAP
    from pyoombpf.lowering.policy_queries import XATTR_MAP

    return ("_license", KILLS_MAP, ACTIONS_MAP, ENV_MAP, XATTR_MAP)


def _kfunc_clash(name: str, loc: Loc | None) -> LoweringError:
    return LoweringError(
        f"the name {name!r} is a kfunc's, and the object declares kfuncs under their own names", loc, (_RENAME,)
    )


class ModuleLowering:
    def __init__(
        self, filename: str, name: str = "pyoombpf", types: Any = None, policy_class: Any = None, table: Any = None
    ) -> None:
        # a context per module: identified struct types would otherwise pile up in the global one
        self.module = MetadataModule(name=btf_symbol(name), context=ir.Context())
        self.module.triple = TRIPLE
        self.module.data_layout = DATALAYOUT
        self.serial = next(_module_serial)
        self.di = DebugInfo(self.module, filename)
        self.arith = Arith()
        self.loops = Loops(self)
        from pyoombpf.lowering.carried import CarriedLocals

        self.carried = CarriedLocals(self)
        from pyoombpf.lowering.externs import Externs, IterFuel
        from pyoombpf.lowering.kernel import KernelTypes

        self.externs = Externs(self)
        self.fuel = IterFuel(self)
        self.kernel_types = KernelTypes(self)
        from pyoombpf.lowering.maps import Maps, Records

        self.maps = Maps(self)
        self.records = Records(self)
        from pyoombpf.lowering.policy import PolicyLowering

        #: the kernel type source the program was typed against (kernel BTF, then the bundled ABI)
        self.types = types
        #: the mode's representation of policy values (struct_ops: PolicyLowering; bridge: its subclass)
        self.target = (policy_class or PolicyLowering)(self)
        from pyoombpf.lowering.targets import struct_ops_table

        #: how each built-in is lowered in this object's mode (pyoombpf.hir.intrinsics.Table)
        self.table = table if table is not None else struct_ops_table()
        self._functions: dict[H.Function, ir.Function] = {}
        self._pending: list[H.Function] = []
        self._used_names: set[str] = set()
        #: names that must stay as they are (a program's, a policy's), with where they come from
        self._exact_names: dict[str, Loc | None] = {}
        self.globals: dict[str, Any] = {}
        #: the stack slots of every function (by symbol), for the stack-size check (lowering/limits.py)
        self.stack_slots = StackSlots()
        #: the Python function each LLVM function (by symbol) was lowered from; entry wrappers map to their entry
        self.owners: dict[str, H.Function] = {}
        self._license()

    def _license(self) -> None:
        data = b"GPL\x00"
        ty = ir.ArrayType(ir.IntType(8), len(data))
        self._used_names.add("_license")
        g = ir.GlobalVariable(self.module, ty, name="_license")
        g.initializer = ir.Constant(ty, bytearray(data))
        g.section = "license"
        g.linkage = "dso_local"
        self.add_used(g)

    def add_used(self, g: ir.GlobalValue) -> None:
        self.globals.setdefault("__used__", []).append(g)

    def reserve_name(self, name: str, loc: Loc | None = None) -> None:
        if self.externs.declared(name):
            raise _kfunc_clash(name, loc)
        if name in self._used_names:
            if name in _reserved_names():
                raise LoweringError(f"the name {name!r} is reserved by pyoombpf", loc, (_RENAME,))
            raise LoweringError(
                f"the name {name!r} is used twice in the object (by a map or config value and by the program)",
                loc,
                ("give the map or config value another name with name=...",),
            )
        self._used_names.add(name)
        self._exact_names[name] = loc

    def claim_extern(self, name: str) -> None:
        """A kfunc is about to be declared under ``name``: a program or policy must not be named so."""
        if name in self._exact_names:
            raise _kfunc_clash(name, self._exact_names[name])

    def reserve_globals(self, program: H.Program) -> None:
        """Claim the names of the program's maps and config values before any function is declared, so that
        helper functions take other names and a clash with a name that must stay (the program's, the ones
        pyoombpf reserves) is a located error."""
        taken: dict[str, str] = {n: "pyoombpf" for n in _reserved_names()}
        for kind in ("maps", "configs"):
            for ref in program.globals.get(kind, {}).values():
                loc = getattr(ref, "loc", None) or program.entry.loc
                owner = taken.get(ref.name)
                if owner == "pyoombpf":
                    raise LoweringError(
                        f"the name {ref.name!r} is reserved by pyoombpf", loc, ("choose another name=...",)
                    )
                if owner is not None:
                    raise LoweringError(
                        f"a map and a config value are both named {ref.name!r}", loc, ("give one another name=...",)
                    )
                taken[ref.name] = kind
                self._used_names.add(ref.name)

    def is_kfunc(self, name: str) -> bool:
        """Whether ``name`` is a kfunc: an extern the object declares under exactly that name when it calls it."""
        if self.types is None:  # the program uses no kernel types: it calls no kfunc
            return False
        try:
            self.types.kfunc(name)
        except TypeNotFoundError:
            return False
        return True

    def _needed_elsewhere(self, name: str) -> bool:
        """Whether a helper must not take ``name``: a kfunc's (declared by its own name when first called, maybe
        after the helper is; pyoombpf's own, such as the bpf_iter_num_* of loops, are declared without kernel
        types, so every bpf_ name counts) or one pyoombpf reserves for its own maps."""
        return name in _reserved_names() or name.startswith("bpf_") or self.is_kfunc(name)

    def unique_name(self, stem: str, avoid: Callable[[str], bool] | None = None) -> str:
        """``stem``, or ``stem_2``, ``stem_3`` … if it is taken (or ``avoid`` says the stem itself is needed
        elsewhere: only the stem is asked, a suffixed name is never a kfunc's or pyoombpf's)."""
        name = stem
        n = 1
        while name in self._used_names or (n == 1 and avoid is not None and avoid(name)):
            n += 1
            name = f"{stem}_{n}"
        self._used_names.add(name)
        return name

    # ------------------------------------------------------------------------------------------ functions

    def function_for(self, func: H.Function) -> ir.Function:
        """The LLVM function of a HIR function, declared on first use and lowered by :meth:`finish`."""
        fn = self._functions.get(func)
        if fn is not None:
            return fn
        ret = self.llvm_type(func.return_type)
        params = [self.llvm_type(p.type) for p in func.params]
        fn = ir.Function(
            self.module,
            ir.FunctionType(ret, params),
            name=self.unique_name(btf_symbol(func.name), self._needed_elsewhere),
        )
        fn.linkage = "internal"
        self.owners[fn.name] = func
        if must_inline(ret, params):
            # BPF passes five arguments in registers and returns one: LLVM's backend ends the process on more,
            # so such a function never stays a BPF subprogram (codegen/checks.py verifies it did not)
            fn.attributes.add("alwaysinline")
        elif os.environ.get("PYOOMBPF_NOINLINE"):  # measurement switch: keep every callee a BPF subprogram
            fn.attributes.add("noinline")
        di_ret = None if isinstance(func.return_type, VoidType) else self.di_type(func.return_type)
        line = func.loc.lineno if func.loc else 0
        sp = self.di.subprogram(
            func.name,
            line,
            di_ret,
            [self.di_type(p.type) for p in func.params],
            local=True,
            param_names=[btf_symbol(p.name) for p in func.params],
            filename=func.loc.filename if func.loc else "",
        )
        fn.set_metadata("dbg", sp)
        self._functions[func] = fn
        self._pending.append(func)
        return fn

    def llvm_type(self, t: Any) -> ir.Type:
        return llvm_type(t, self)

    def di_type(self, t: Any) -> Any:
        return di_type(t, self)

    def finish(self) -> str:
        while self._pending:
            func = self._pending.pop(0)
            fn = self._functions[func]
            fl = FunctionLowering(self, func, fn, fn.metadata["dbg"])
            progress.working_on(lambda fl=fl: (fl.loc, ""))  # type: ignore[misc]
            fl.lower()
        self.kernel_types.finish()
        self.maps.finish()
        self.carried.finish()
        used = self.globals.get("__used__", [])
        if used:
            ptr = ir.PointerType()
            arr = ir.ArrayType(ptr, len(used))
            g = ir.GlobalVariable(self.module, arr, name="llvm.compiler.used")
            g.linkage = "appending"
            g.section = "llvm.metadata"
            g.initializer = ir.Constant(arr, list(used))
        return render(self.module)

    # ------------------------------------------------------------------------------------------ entries

    def add_syscall_test_entry(self, func: H.Function, name: str) -> None:
        """``SEC("syscall") int name(u64 *ctx)``: arguments come in ``ctx[0..n-1]``, the result goes to
        ``ctx[n]`` (sign- or zero-extended to 64 bits); the program returns 0."""
        i64 = ir.IntType(64)
        self.reserve_name(name, func.loc)
        fn = ir.Function(self.module, ir.FunctionType(ir.IntType(32), [ir.PointerType()]), name=name)
        fn.section = "syscall"
        self.owners[name] = func
        int_di = self.di.basic("int", 32, "DW_ATE_signed")
        sp = self.di.subprogram(
            name,
            func.loc.lineno if func.loc else 0,
            int_di,
            [self.di.pointer(None)],
            local=False,
            param_names=["ctx"],
        )
        fn.set_metadata("dbg", sp)
        b = ir.IRBuilder(fn.append_basic_block("entry"))
        b.debug_metadata = self.di.location(func.loc.lineno if func.loc else 0, 1, sp)
        ctx = fn.args[0]
        ctx.name = "ctx"
        args = []
        for i, p in enumerate(func.params):
            raw = b.load(_u64_slot(b, ctx, i), typ=i64)
            t = p.type
            if isinstance(t, IntType):
                args.append(b.trunc(raw, ir.IntType(t.bits)) if t.bits < 64 else raw)
            else:  # bool
                args.append(b.icmp_unsigned("!=", raw, ir.Constant(i64, 0)))
        result = b.call(self.function_for(func), args)
        rt = func.return_type
        if not isinstance(rt, VoidType):
            if isinstance(rt, IntType):
                wide = result if rt.bits == 64 else (b.sext(result, i64) if rt.signed else b.zext(result, i64))
            else:
                wide = b.zext(result, i64)
            b.store(wide, _u64_slot(b, ctx, len(func.params)))
        b.ret(ir.Constant(ir.IntType(32), 0))


def _u64_slot(b: ir.IRBuilder, ctx: ir.Value, index: int) -> ir.Value:
    return b.gep(ctx, [ir.Constant(ir.IntType(64), 8 * index)], inbounds=True, source_etype=ir.IntType(8))


def render(module: ir.Module) -> str:
    """Module text with opaque pointers (LLVM 22 no longer parses typed ones).  llvmlite prints typed pointers
    unless its module flag says otherwise; it is switched only while we print, so other llvmlite users in the
    process keep their setting."""
    saved = _ir_types.ir_layer_typed_pointers_enabled
    _ir_types.ir_layer_typed_pointers_enabled = False
    try:
        text = str(module)
    finally:
        _ir_types.ir_layer_typed_pointers_enabled = saved
    # LLVM wants a declaration's attachments before the signature (`declare !dbg !7 i32 @f(...)`);
    # llvmlite prints them after it.
    return _DECL_DBG.sub(r"declare \2 \1", text)


_DECL_DBG = re.compile(r"^declare (.*?) (!dbg ![0-9]+)$", re.M)
