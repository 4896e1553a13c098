"""Typed HIR → LLVM IR (llvmlite).  With ``codegen``, the only package that imports llvmlite."""
