"""pyoombpf.btf"""
