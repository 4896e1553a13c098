"""pyoombpf.pyexec"""
