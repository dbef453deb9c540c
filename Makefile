# Two entry points, each doing its own set-up on a fresh machine (Python >= 3.11 required).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: build test bench templates catalogs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# tenderkit itself; the test tools come on top for `make test`.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Every spec's documents; then the bundled example tenders evaluated into the stödboende
# procurement's award documents, the eForms contract notices of the two procurements in LOU, and the
# stödboende procurement's award notice (a draft: its days are the timetable's, as it warns).
build: $(VENV)/.installed
	$(BIN)/tenderkit build specs/ -o output/
	$(BIN)/tenderkit evaluate specs/stodboende-unga-vuxna-2025.yaml examples/tenders/stodboende-unga-vuxna-2025 \
		--documents -o output/
	$(BIN)/tenderkit notice specs/stodboende-unga-vuxna-2025.yaml -o output/stodboende-unga-vuxna-2025/annons.xml
	$(BIN)/tenderkit notice specs/vard-och-omsorgsboende-2025.yaml -o output/vard-och-omsorgsboende-2025/annons.xml
	$(BIN)/tenderkit notice specs/stodboende-unga-vuxna-2025.yaml --award examples/tenders/stodboende-unga-vuxna-2025 \
		-o output/stodboende-unga-vuxna-2025/efterannons.xml

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(VENV)/.installed-test
	$(BIN)/python bench/run

templates: $(VENV)/.installed
	$(BIN)/python tools/make_templates.py

# After changing a message: the Swedish catalog gains the new ones (to translate) and is compiled.
catalogs: $(VENV)/.installed
	$(BIN)/python tools/catalogs.py

clean:
	rm -rf output/ $(VENV)
