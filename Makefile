# litreview: Hugging Face Daily Papers dumps -> a themed, searchable, citable Sphinx site.
# `make help` lists the targets.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PORT   ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install site resolve serve test test-fast lint goldens fuzz eval bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

install: $(STAMP) ## create .venv and install the project with its test tools

site: $(STAMP) ## build the missing editions from dumps/ into site/ (newest also in site/latest/)
	$(BIN)/litreview build

resolve: $(STAMP) ## look up authors, arXiv ids and dates of new papers (network) into bib/identities.toml
	$(BIN)/litreview resolve

serve: ## preview the built site on http://localhost:8000/ (PORT=... to change; `make site` first)
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory site

test: $(STAMP) ## run the whole test suite: lint, types, unit, property and Sphinx builds
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest -q

test-fast: $(STAMP) ## the tests without real Sphinx builds
	$(BIN)/pytest -q -m 'not slow'

lint: $(STAMP) ## ruff and mypy only
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/mypy

goldens: $(STAMP) ## rewrite the golden files in tests/goldens/ from the current output
	$(BIN)/pytest -q tests/test_goldens.py --update-goldens

fuzz: $(STAMP) ## property tests at full budget: 30,000 strings per context (about an hour)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -q --hypothesis-show-statistics \
	  tests/test_safety.py tests/test_safety_build.py tests/test_bibtex_clients.py

eval: $(STAMP) ## measure themes and related papers (seeds' labelled pairs, arXiv corpus)
	PYTHONPATH=generator $(BIN)/python -m litreview_dev.eval

bench: $(STAMP) ## scaling benchmarks, 2,500-50,000 papers (~25 min): benchmarks/results/
	PYTHONPATH=generator $(BIN)/python -m benchmarks.bench

clean: ## remove build output and caches (keeps .venv)
	rm -rf site .cache docs/papers docs/themes docs/_generated docs/_build
