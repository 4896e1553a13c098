"""pyoombpf.dsl"""
