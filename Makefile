# Two commands do everything on a fresh machine:
#   make demo   - create .venv, install newsweave, ingest the bundled sample articles, print a summary
#   make test   - create .venv, install newsweave with test tools, run ruff and the test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_DB := demo-out/demo.db

.PHONY: demo test lint eval bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	mkdir -p demo-out
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/newsweave ingest examples/articles --db $(DEMO_DB)
	$(BIN)/newsweave stats --db $(DEMO_DB)
	$(BIN)/newsweave export --db $(DEMO_DB) -o demo-out/demo.jsonl
	$(BIN)/newsweave search "drone" --db $(DEMO_DB)
	@echo "export written to demo-out/demo.jsonl"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

test: lint
	$(BIN)/python -m pytest

eval: $(STAMP)
	$(BIN)/newsweave eval clean --gold eval/gold/clean

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_ingest.py --articles 10000

clean:
	rm -rf $(VENV) demo-out benchmarks/out .pytest_cache .ruff_cache
