"""Differential tests: simulate mode vs bridge mode on real cgroup v1 memcgs with real processes.

world.py      random trees (hypothesis) and their materialisation as throwaway memcgs + allocator processes
genpolicy.py  generated policies from building blocks; reference.py: what each one must decide
harness.py    snapshot + simulate vs one BPF_PROG_RUN of the bridge program; same verdict, victims, deaths
test_*        the kernel tests (marked kernel/slow; PYOOMBPF_DIFF_EXAMPLES=N for a longer hunt) and the
              generator's own tests; test_regressions.py keeps what the differential tests found
"""
