# Two entry points for a fresh machine with Python 3.11+ (see README):
#   make demo   set up .venv and solve the bundled West Bank and Gaza mandate (its summary:
#               what to read first, in 100 columns; `forcesize solve` prints every table)
#   make test   set up .venv and run the linter and the tests
# Every dependency comes from pyproject.toml, pinned by constraints.txt.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-fast fuzz lint bench docs sessions clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

demo: $(STAMP)
	$(BIN)/forcesize solve --summary

lint: $(STAMP)
	$(BIN)/ruff check forcesize tests scripts
	$(BIN)/lint-imports --no-cache

# The tests on every core (pytest-xdist): CI's two cores take 8 minutes instead of 14. The
# README's plain `python -m pytest` runs the same tests on one.
test: lint
	$(BIN)/python -m pytest -n auto

# A quick local run: the tests marked slow (a wheel build, large generated mandates,
# every variant's plan) are left out. CI runs everything.
test-fast: lint
	$(BIN)/python -m pytest -n auto -m "not slow"

# The long fuzz run: 50,000 mutated mandates and 50,000 broken files, random seeds, through
# `forcesize validate` and `solve`; it must end with no traceback and no exit 4.
fuzz: $(STAMP)
	FORCESIZE_FUZZ=50000 $(BIN)/python -m pytest -p no:cacheprovider tests/test_fuzz.py \
		-k "mutated or bytes"

bench: $(STAMP)
	$(BIN)/python scripts/benchmark.py

# Every generated doc (the mandate format, the schema, the family table, the rules) and
# then every pasted session's output, from real runs: one command for all of docs/.
docs: $(STAMP)
	$(BIN)/python scripts/docs.py
	$(BIN)/python scripts/sessions.py

# Run every `$ ` session pasted in README.md and docs/ again and write its output
# (tests/test_sessions.py checks them); `--all` also the machine-dependent ones.
sessions: $(STAMP)
	$(BIN)/python scripts/sessions.py

clean:
	rm -rf $(VENV) dist build .pytest_cache .ruff_cache .hypothesis
