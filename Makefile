# Two entry points, each doing its own set-up on a fresh machine (Python >= 3.11 required).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: build test bench clean

$(BIN)/tenderkit: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

build: $(BIN)/tenderkit
	$(BIN)/tenderkit build specs/ -o output/

test: $(BIN)/tenderkit
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(BIN)/tenderkit
	$(BIN)/python bench/run

clean:
	rm -rf output/ $(VENV)
