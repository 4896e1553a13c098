# pyoombpf: every target bootstraps what it needs (idempotently) on a fresh Debian 12 machine.
SHELL := /bin/bash
PY := .venv/bin/python
# Debian packages the test suite needs: clang builds the reference C programs in src_c/, bpftool generates
# the vmlinux.h the runtime's C fixtures include; systemd brings systemd-analyze (the unit test verifies the
# installed units), systemd-journald and journalctl (the journal test runs a private journald).
TEST_DEBS := clang-19 llvm-19 bpftool systemd
BOOTSTRAP := tools/bootstrap.sh

.PHONY: all bootstrap test storm fuzz demo lint typecheck fmt clean bench vmtest

all: test

bootstrap:
	@$(BOOTSTRAP) $(TEST_DEBS)

test: bootstrap
	@echo "[test] running the whole suite (kernel tests need root)"
	$(PY) -m pytest $(PYTEST_ARGS)

# The bridge storm at full size: 200 consecutive OOMs with the relay stopped (SIGSTOP) and continued at random
# moments (make test runs 20).  PYOOMBPF_STORM_SEED=N replays one run.  Needs root and cgroup v1 memory.
storm: bootstrap
	PYOOMBPF_STORM_OOMS=$(or $(OOMS),200) $(PY) -m pytest -s -v tests/bridge/test_storm.py

# The compiler's fuzz test at length (tests/compiler/test_fuzz.py): EXAMPLES hostile modules (default 2,000; make
# test runs 120), each compiled in a worker process and, when it compiles, run in the kernel and as Python.
# SEED=N repeats a run (hypothesis prints the seed of a failing one).
fuzz: bootstrap
	@summary=$$(mktemp) && rc=0 && \
	PYOOMBPF_FUZZ_SUMMARY=$$summary PYOOMBPF_FUZZ_EXAMPLES=$(or $(EXAMPLES),2000) $(PY) -m pytest \
		tests/compiler/test_fuzz.py -p no:cacheprovider $(if $(SEED),--hypothesis-seed=$(SEED)) $(PYTEST_ARGS) \
		|| rc=$$?; echo "[fuzz] outcomes:"; cat $$summary; rm -f $$summary; exit $$rc

demo: bootstrap
	@$(PY) -m pyoombpf.demo

lint: bootstrap
	$(PY) -m ruff check pyoombpf tests benchmarks
	$(PY) -m ruff format --check pyoombpf tests benchmarks

typecheck: bootstrap
	$(PY) -m mypy

fmt: bootstrap
	$(PY) -m ruff format pyoombpf tests benchmarks
	$(PY) -m ruff check --fix pyoombpf tests benchmarks

# Every benchmark, median of repeated runs; updates docs/benchmarks.md and its pictures in docs/img/ (QUICK=1 for
# a smoke run, NOVM=1 to skip the test VM).  matplotlib (the bench extra) is installed here for the pictures;
# setup_peers.sh installs pythonbpf and the LLVM 21 it needs under ~/.cache/pyoombpf (idempotent).
bench: bootstrap
	@$(PY) -c 'import matplotlib' 2>/dev/null || $(PY) -m pip install -q --disable-pip-version-check -e '.[bench]'
	@benchmarks/setup_peers.sh >/dev/null
	$(PY) benchmarks/run_all.py $(if $(QUICK),--quick) $(if $(NOVM),--no-vm)

clean:
	rm -rf .venv build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache

# Boot the pyoombpf test kernel (built and cached under ~/.cache/pyoombpf/vm, or KERNEL=<bzImage>) under
# QEMU/TCG and run the VM-marked tests inside it. See docs/vm.md.
vmtest: bootstrap
	@KERNEL="$(KERNEL)" vm/vmtest.sh
