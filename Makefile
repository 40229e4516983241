# docgen — two set-up commands: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo test lint typecheck templates clean

$(BIN)/python:
	$(PYTHON) tools/bootstrap_venv.py $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[web]'
	touch $@

$(TEST_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: $(STAMP)
	$(BIN)/docgen build --check --out output
	$(BIN)/docgen certificates data/certificates/bang-khen-2024.yaml --out output/bang-khen-2024 --merge
	$(BIN)/docgen -q dossier quyet-dinh-khen-thuong-2024 --out output/ho-so-khen-thuong-2024 --pdf
	$(BIN)/docgen -q check output/ho-so-khen-thuong-2024/*.docx output/ho-so-khen-thuong-2024/*/*.docx
	$(BIN)/docgen stats --by school
	@echo
	@echo "The office web app:  $(BIN)/docgen user add NAME --role van_thu   (once; asks a password)"
	@echo "                     $(BIN)/docgen serve        then open http://127.0.0.1:8000/"

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests tools benchmarks
	$(BIN)/ruff format --check src tests tools benchmarks
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest -q

templates: $(STAMP)
	$(BIN)/python tools/make_templates.py

clean:
	rm -rf $(VENV) output/*.docx output/*.pdf
