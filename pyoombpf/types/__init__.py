"""pyoombpf.types"""
