# Two entry points for a fresh machine with Python 3.11+ (see README):
#   make demo   set up .venv and solve the bundled West Bank and Gaza mandate
#   make test   set up .venv and run the linter and the tests
# Every dependency comes from pyproject.toml, pinned by constraints.txt.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench docs clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

demo: $(STAMP)
	$(BIN)/forcesize solve

lint: $(STAMP)
	$(BIN)/ruff check forcesize tests scripts

test: lint
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python scripts/benchmark.py

docs: $(STAMP)
	$(BIN)/python -m forcesize.mandate.formatdoc > docs/mandate-format.md
	$(BIN)/python -m forcesize.mandate.jsonschema > schema/mandate.schema.json

clean:
	rm -rf $(VENV) dist build .pytest_cache .ruff_cache .hypothesis
