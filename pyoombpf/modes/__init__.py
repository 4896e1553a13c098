"""pyoombpf.modes"""
