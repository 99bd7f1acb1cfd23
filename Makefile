# Two commands do everything on a fresh machine with only Python installed:
#   make demo   -- set up .venv and run the main job
#   make test   -- set up .venv and run the whole test suite (what CI runs)
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.compmech-installed

.PHONY: setup demo test test-fast lint bench validate docs clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	# the CPU build of torch first, so nothing pulls a CUDA build
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -e ".[nn,test,docs]"
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/compmech reproduce mess3

test: $(STAMP)  # everything CI checks: lint, format, types, then every test (one worker per core, a file per worker)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -n auto --dist loadfile

test-fast: $(STAMP)  # the inner loop: unit tests only, under a minute on 2 cores
	$(BIN)/python -m pytest -q -m "not slow and not integration"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_msp.py
	$(BIN)/python benchmarks/bench_measures.py
	$(BIN)/python benchmarks/bench_sampling.py
	$(BIN)/python benchmarks/bench_train.py

validate: $(STAMP)
	cd validation && ../$(BIN)/python finding1_mess3_fractal.py
	cd validation && ../$(BIN)/python finding2_rrxor_distributed.py
	cd validation && ../$(BIN)/python finding3_beyond_next_token.py

docs: $(STAMP)
	$(BIN)/python -m sphinx -b html -W --keep-going docs docs/_build/html

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis docs/_build docs/generated docs/sg_execution_times.rst
