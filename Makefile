# docgen — two set-up commands: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# Exact versions with the hashes of their files (requirements/README.md). The installs below take
# what a lock names and nothing else: --no-deps, since a lock already holds every dependency.
DEMO_LOCK := requirements/demo.lock
TEST_LOCK := requirements/test.lock
TOOLS_LOCK := requirements/tools.lock
PIP_LOCKED := -m pip install --quiet --require-hashes --no-deps -r
# The newest versions pyproject.toml's ranges allow, with no lock: `make latest`
LATEST_VENV := .venv-latest
# e.g. `make lock LOCK_FLAGS=--upgrade` to move every pin to the newest version allowed
LOCK_FLAGS ?=
UV_COMPILE = $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command 'make lock' $(LOCK_FLAGS)

.PHONY: demo test lint typecheck templates clean lock latest gallery

$(BIN)/python:
	$(PYTHON) tools/bootstrap_venv.py $(VENV) $(DEMO_LOCK)

$(STAMP): $(DEMO_LOCK) pyproject.toml requirements/build.in | $(BIN)/python
	$(BIN)/python tools/locks.py check $(DEMO_LOCK)
	$(BIN)/python $(PIP_LOCKED) $(DEMO_LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(TEST_STAMP): $(TEST_LOCK) pyproject.toml $(STAMP)
	$(BIN)/python tools/locks.py check $(TEST_LOCK)
	$(BIN)/python $(PIP_LOCKED) $(TEST_LOCK)
	touch $@

demo: $(STAMP)
	$(BIN)/docgen register init
	$(BIN)/docgen build --check --out output
	@# an electronic original: throwaway keys made now (never a real key), signer then office
	$(BIN)/python tools/demo_keys.py ke-hoach-1247-phat-dong --out output/demo-keys
	echo demo | $(BIN)/docgen sign ke-hoach-1247-phat-dong --as signer --p12 output/demo-keys/signer.p12 --password-stdin
	echo demo | $(BIN)/docgen sign ke-hoach-1247-phat-dong --as office --p12 output/demo-keys/office.p12 --password-stdin
	$(BIN)/docgen verify output/ke-hoach-1247-KH-HVCTQG.signed.pdf --trust output/demo-keys/root.pem
	$(BIN)/docgen certificates data/certificates/bang-khen-2024.yaml --out output/bang-khen-2024 --merge
	$(BIN)/docgen -q dossier quyet-dinh-khen-thuong-2024 --out output/ho-so-khen-thuong-2024 --pdf
	$(BIN)/docgen -q check output/ho-so-khen-thuong-2024/*.docx output/ho-so-khen-thuong-2024/*/*.docx
	$(BIN)/docgen certificates data/certificates/chung-nhan-2022-2025.yaml --out output/chung-nhan-2022-2025 --merge
	$(BIN)/docgen -q dossier to-trinh-ubnd-nghe-an-ttg-2025 --out output/ho-so-de-nghi-thu-tuong-2025
	$(BIN)/docgen stats --by school
	@echo
	@echo "The office web app:  $(BIN)/docgen user add NAME --role van_thu   (once; asks a password)"
	@echo "                     $(BIN)/docgen serve        then open http://127.0.0.1:8000/"

# Every page docgen writes as PNG with one index page (output/gallery/index.html): the examples,
# the 2024 dossier, the longest names' certificates in full and blank mode, a 300-row decision.
# Needs LibreOffice and poppler-utils; built in a temporary copy of the workspace and register.
gallery: $(STAMP)
	$(BIN)/docgen gallery --out output/gallery

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests tools benchmarks
	$(BIN)/ruff format --check src tests tools benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python tools/architecture.py --check

typecheck: $(TEST_STAMP)
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest -q

templates: $(STAMP)
	$(BIN)/python tools/make_templates.py

# Rewrite the locks from pyproject.toml (after changing a requirement there), with the pinned uv.
# test.lock first: demo.lock takes its versions, so `make test` adds to `make demo`'s venv.
lock: | $(BIN)/python
	$(BIN)/python $(PIP_LOCKED) $(TOOLS_LOCK)
	$(UV_COMPILE) pyproject.toml requirements/build.in --extra web --extra test --extra postgres \
		-o $(TEST_LOCK)
	$(UV_COMPILE) pyproject.toml requirements/build.in --extra web -c $(TEST_LOCK) -o $(DEMO_LOCK)
	$(UV_COMPILE) requirements/tools.in -o $(TOOLS_LOCK)
	$(BIN)/python tools/locks.py stamp $(DEMO_LOCK) $(TEST_LOCK)

# The newest versions the ranges allow, in a venv of their own, and the test suite on them: what
# the next `make lock LOCK_FLAGS=--upgrade` would bring, seen before it reaches the locks.
$(LATEST_VENV)/bin/python:
	$(PYTHON) tools/bootstrap_venv.py $(LATEST_VENV)

latest: | $(LATEST_VENV)/bin/python
	$(LATEST_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LATEST_VENV)/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager \
		-e '.[web,test,postgres]'
	$(LATEST_VENV)/bin/python tools/locks.py drift $(TEST_LOCK)
	$(LATEST_VENV)/bin/python -m pytest -q

clean:
	rm -rf $(VENV) $(LATEST_VENV) output/*.docx output/*.pdf
