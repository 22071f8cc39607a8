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
	@echo "(the first run builds the knowledge base of names, about half a minute)"
	$(BIN)/newsweave ingest examples/articles --db $(DEMO_DB)
	$(BIN)/newsweave stats --db $(DEMO_DB)
	$(BIN)/newsweave export --db $(DEMO_DB) -o demo-out/demo.jsonl
	$(BIN)/newsweave search "drone" --db $(DEMO_DB)
	$(BIN)/newsweave entities --db $(DEMO_DB) --limit 15
	@echo "export written to demo-out/demo.jsonl"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

test: lint
	$(BIN)/python -m pytest

SHARED ?= ../shared/data

eval: $(STAMP)
	$(BIN)/newsweave eval clean --gold eval/gold/clean
	if [ -d eval/gold/linking ]; then $(BIN)/newsweave eval linking --gold eval/gold/linking; fi
	if [ -d eval/gold/linking-blind ]; then $(BIN)/newsweave eval linking --gold eval/gold/linking-blind; fi
	if [ -d eval/gold/linking-blind2 ]; then $(BIN)/newsweave eval linking --gold eval/gold/linking-blind2; fi
	if [ -d eval/gold/linking-blind3 ]; then $(BIN)/newsweave eval linking --gold eval/gold/linking-blind3; fi
	$(BIN)/newsweave eval dates --gold eval/gold/dates
	$(BIN)/newsweave eval quantities --gold eval/gold/quantities
	$(BIN)/newsweave eval dates --gold eval/gold/dates-blind
	$(BIN)/newsweave eval quantities --gold eval/gold/quantities-blind
	if [ -d eval/gold/dates-blind2 ]; then $(BIN)/newsweave eval dates --gold eval/gold/dates-blind2; fi
	if [ -d eval/gold/quantities-blind2 ]; then $(BIN)/newsweave eval quantities --gold eval/gold/quantities-blind2; fi
	if [ -d eval/gold/ner/vi ]; then $(BIN)/newsweave eval ner --gold eval/gold/ner/vi --lang vi --split all; fi
	if [ -d $(SHARED)/ner-uk ]; then $(BIN)/newsweave eval ner --gold $(SHARED)/ner-uk/v2.0/data --lang uk --split test; fi
	if [ -d $(SHARED)/wikineural-silver ]; then \
	  $(BIN)/newsweave eval ner --gold $(SHARED)/wikineural-silver/en/test.conllu --lang en; \
	  $(BIN)/newsweave eval ner --gold $(SHARED)/wikineural-silver/ru/test.conllu --lang ru; fi

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_ingest.py --articles 10000

clean:
	rm -rf $(VENV) demo-out benchmarks/out .pytest_cache .ruff_cache
