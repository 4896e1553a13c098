"""pyoombpf.runtime"""
