# Two commands for a fresh machine: `make lab` (students and instructors) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# nbgrader runs `alembic` by name: the venv's bin/ must come first on PATH.
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: lab test build validate chromium demo bench lite clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[test,lite]"
	touch $@

$(VENV)/.installed-lite: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[lite]"
	touch $@

## lab: install stratkit with its Jupyter extensions and open JupyterLab on the course
lab: $(VENV)/.installed
	$(BIN)/jupyter lab --ServerApp.root_dir=course $$([ "$$(id -u)" = 0 ] && echo --allow-root)

## chromium: Debian's Chromium for the browser tests (Playwright drives it; no browser download)
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "make test needs Debian's chromium: run 'sudo apt-get install chromium'" >&2; exit 1; fi; }

## test: install test extras and Chromium, then run every test
test: $(VENV)/.installed-test chromium
	$(BIN)/python -m pytest

## build: rebuild solutions/*/ notebooks and the exercises/ release from the YAML keys
build: $(VENV)/.installed
	$(BIN)/stratkit build

validate: $(VENV)/.installed
	$(BIN)/stratkit validate course/items solutions

## demo: a simulated class of 40 through release, submit, collect and autograde, then stratkit
## grade, crosscheck and report; prints where the HTML report is (output in demo-output/)
demo: $(VENV)/.installed
	$(BIN)/stratkit demo --out demo-output

## bench: stratkit's costs as ratios measured in one run on this machine (about 5 minutes); prints
## the table and writes it to benchmarks/RESULTS.md and README.md. Benchmarks, not tests.
bench: $(VENV)/.installed-test chromium
	$(BIN)/python benchmarks/run.py

## lite: the course as a static JupyterLite site in site/ (Python runs in the student's browser).
## Inputs (Pyodide from npm, wheels from PyPI) are kept in build/lite/inputs/; the build itself is offline.
lite: $(VENV)/.installed-lite
	$(BIN)/stratkit lite --out site

clean:
	rm -rf $(VENV) build dist site src/*.egg-info .pytest_cache .hypothesis
