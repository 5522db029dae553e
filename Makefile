# Cloudforet AWS EC2 inventory collector: Rust core (src/) + plugin server glue (python/).
PYTHON ?= python3.11
VENV   := $(CURDIR)/.venv
STAMP  := $(VENV)/.requirements-stamp
PORT   ?= 50051
# cargo test and maturin build against the same interpreter (the venv's)
export PYO3_PYTHON := $(VENV)/bin/python

.PHONY: venv build wheel lint test parity run serve bench

venv: $(STAMP)

$(STAMP): requirements/runtime.txt requirements/dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q -r requirements/runtime.txt
	$(VENV)/bin/pip install -q --no-deps spaceone-inventory==2.0.dev247
	$(VENV)/bin/pip install -q -r requirements/dev.txt
	# its requirements (spaceone-core, spaceone-api, python-consul) are pinned in runtime.txt;
	# resolved with moto's it would pull an older spaceone-core
	$(VENV)/bin/pip install -q --no-deps spaceone-tester==1.11.0
	# moto's dependencies pull pydantic 2; spaceone-core needs pydantic 1
	$(VENV)/bin/pip install -q 'pydantic==1.*'
	touch $@

build: $(STAMP)
	VIRTUAL_ENV=$(VENV) $(VENV)/bin/maturin develop --profile dev

# one abi3 wheel for CPython >= 3.10 on glibc >= 2.17 (manylinux2014), linked with zig
wheel: $(STAMP)
	rm -rf dist
	PATH=$(VENV)/bin:$$PATH $(VENV)/bin/maturin build --release --zig --compatibility manylinux2014 --out dist

# formatting, Rust lints, Python lints, types and the stub against the built module
lint: build
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	$(VENV)/bin/ruff check python tests demo bench tools
	$(VENV)/bin/mypy python/aws_ec2_collector
	$(VENV)/bin/python -m mypy.stubtest aws_ec2_collector._core

test: build wheel lint
	cargo test
	$(VENV)/bin/pytest -q tests

# every world of tests/parity (the kit's A and C, tests/parity/worlds/) against the upstream's goldens
parity: build
	$(VENV)/bin/pytest -q tests/parity

run: build
	$(VENV)/bin/python demo/run.py

serve: $(STAMP)
	@VIRTUAL_ENV=$(VENV) $(VENV)/bin/maturin develop --profile dev --quiet >/dev/null
	cd python && exec $(VENV)/bin/spaceone run plugin-server plugin -p $(PORT)

# the benchmark scenarios against the fake AWS of bench/, with the release wheel in its own venv
# (.venv-bench); prints one `bench:` line per scenario and writes BENCHMARKS.md
bench: wheel
	$(VENV)/bin/python bench/run.py --markdown BENCHMARKS.md
