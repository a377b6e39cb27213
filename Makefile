# Two commands matter: `make serve` (preview the default corpus) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
ARGS   ?=

.PHONY: build serve test test-fast bench eval check clean distclean

$(BIN)/site-builder: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-deps: $(BIN)/site-builder
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

build: $(BIN)/site-builder
	$(BIN)/site-builder build $(ARGS)

serve: $(BIN)/site-builder
	$(BIN)/site-builder serve --host $(HOST) --port $(PORT) $(ARGS)

test: $(VENV)/.test-deps
	$(BIN)/python -m pytest $(ARGS)

# Extraction scored against the hand-checked development corpus (tests/devcorpus/).
eval: $(VENV)/.test-deps
	$(BIN)/python -m tests.extraction_eval

# What was understood of each document in content/, and what was not sure.
check: $(BIN)/site-builder
	$(BIN)/site-builder check $(ARGS)

# Figures, nothing asserted: site_builder against Hugo (installed if missing) on the same synthetic
# articles. BENCH_SIZES (default "1000 10000") and BENCH_RUNS (default 3), from the environment or make's command line.
bench: $(BIN)/site-builder
	BENCH_SIZES="$(BENCH_SIZES)" BENCH_RUNS="$(BENCH_RUNS)" $(BIN)/python bench/bench.py

clean:
	rm -rf _site .site-builder-cache .pytest_cache

distclean: clean
	rm -rf $(VENV) *.egg-info
