"""pyoombpf.lowering"""
