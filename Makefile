# Two commands matter: `make serve` (preview the default corpus) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
ARGS   ?=

.PHONY: build serve test test-fast bench eval check screenshots clean distclean

# pip stays quiet, so each slow step says first what it is doing: a first run would otherwise
# be silent for a minute. After that these steps run again only when pyproject.toml changes.
# -qq, not -q: -q still lets through setuptools' boxed notice about editable installs, which reads
# like a failure to a newcomer; pip's errors are printed either way.
PIP  := $(BIN)/python -m pip install -qq --disable-pip-version-check
WHY   = $(if $(wildcard $@),pyproject.toml changed,first run only)

$(BIN)/site-builder: pyproject.toml
	@$(if $(wildcard $(BIN)/python),true,echo "Creating the virtual environment in $(VENV) (first run only)...")
	@$(PYTHON) -m venv $(VENV) || { echo "Could not create $(VENV) with $(PYTHON); on Debian or Ubuntu: apt-get install python3-venv" >&2; exit 1; }
	@echo "Installing site_builder and its packages into $(VENV) (about a minute, $(WHY))..."
	@$(PIP) --upgrade pip
	@$(PIP) -e .
	@touch $@

$(VENV)/.test-deps: $(BIN)/site-builder
	@echo "Installing the test tools into $(VENV): pytest, Playwright and the rest of pyproject.toml's test extra ($(WHY))..."
	@$(PIP) -e '.[test]'
	@touch $@

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

# PNGs of each sort of page at 375, 768 and 1280 px wide, into screenshots/, to review the layout
# without a browser at hand. Playwright comes with the test tools; Chromium from apt (chromium).
screenshots: $(VENV)/.test-deps
	$(BIN)/python scripts/screenshots.py $(ARGS)

# Figures, nothing asserted: site_builder against Hugo (installed if missing) on the same synthetic
# articles. BENCH_SIZES (default "1000 10000") and BENCH_RUNS (default 3), from the environment or make's command line.
bench: $(BIN)/site-builder
	BENCH_SIZES="$(BENCH_SIZES)" BENCH_RUNS="$(BENCH_RUNS)" $(BIN)/python bench/bench.py

clean:
	rm -rf _site .site-builder-cache .pytest_cache

distclean: clean
	rm -rf $(VENV) *.egg-info
