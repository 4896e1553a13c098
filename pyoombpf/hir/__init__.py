"""pyoombpf.hir"""
