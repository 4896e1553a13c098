"""pyoombpf.frontend"""
