# zhichan — two commands do all set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TESTSTAMP := $(VENV)/.installed-test
HOST ?= 127.0.0.1
PORT ?= 8000
export ZHICHAN_SHARED_DIR ?= $(abspath ../shared)

.PHONY: run test bench lint lock format install install-test system-deps clean vendor

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e .
	touch $(STAMP)

$(TESTSTAMP): $(STAMP) pyproject.toml constraints.txt
	$(BIN)/pip install -q -c constraints.txt -e '.[test]'
	touch $(TESTSTAMP)

install: $(STAMP)

install-test: $(TESTSTAMP)

## PostgreSQL server binaries and Chromium for the suite (Debian packages).
system-deps:
	./scripts/system-deps.sh

## Install, create the database, load the demo data with its index and vectors, serve; every
## step says what it does and how long it took (scripts/run.sh).
run:
	@HOST=$(HOST) PORT=$(PORT) ./scripts/run.sh

lint: $(TESTSTAMP)
	$(BIN)/ruff check zhichan tests benchmarks
	$(BIN)/ruff format --check zhichan tests benchmarks
	$(BIN)/mypy zhichan
	$(BIN)/lint-imports

format: $(TESTSTAMP)
	$(BIN)/ruff format zhichan tests benchmarks
	$(BIN)/ruff check --fix zhichan tests benchmarks

test: $(TESTSTAMP) system-deps lint
	$(BIN)/pytest -n 2 --dist loadgroup --durations=10 $(PYTEST_ARGS)

## Dolos (npm) runs beside zhichan in the clone-detection benchmark.
bench: $(TESTSTAMP)
	./scripts/system-deps.sh bench
	test -d benchmarks/dolos/node_modules/@dodona/dolos-lib || npm install --prefix benchmarks/dolos --no-audit --no-fund
	$(BIN)/python -m benchmarks

## Rewrite constraints.txt (the exact versions every install uses) from the current .venv.
lock: $(TESTSTAMP)
	{ echo "# Exact versions for make run / make test; rewrite with: make lock"; \
	  $(BIN)/pip freeze --exclude-editable; } > constraints.txt

## Re-copy the vendored front-end assets from the npm registry (not needed to run).
vendor:
	./scripts/vendor-assets.sh

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-output
