# Two commands for a fresh machine: `make lab` (students and instructors) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# nbgrader runs `alembic` by name: the venv's bin/ must come first on PATH.
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: install lab lab-instructor test lint build validate chromium hub-deps demo bench lite clean

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

# The student's Jupyter settings: nbgrader's instructor tools and the cell toolbar hidden (jupyter-config/).
STUDENT_CONFIG := $(CURDIR)/jupyter-config/student
ROOT_FLAG = $$([ "$$(id -u)" = 0 ] && echo --allow-root)

## install: the virtual environment .venv with stratkit, nbgrader and JupyterLab (nothing started)
install: $(VENV)/.installed

## lab: install stratkit and open JupyterLab on the course, as a student sees it
lab: $(VENV)/.installed
	JUPYTER_CONFIG_PATH="$(STUDENT_CONFIG)$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
	  $(BIN)/jupyter lab --ServerApp.root_dir=course $(ROOT_FLAG)

## lab-instructor: JupyterLab on the nbgrader course folder (this repository) with Formgrader and every tool
lab-instructor: $(VENV)/.installed
	$(BIN)/jupyter lab --ServerApp.root_dir=. $(ROOT_FLAG)

## chromium: Debian's Chromium for the browser tests (Playwright drives it; no browser download)
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "make test needs Debian's chromium: run 'sudo apt-get install chromium'" >&2; exit 1; fi; }

## lint: ruff and mypy on src/ (settings and the reason for each rule turned off: pyproject.toml)
lint: $(VENV)/.installed-test
	$(BIN)/ruff check src
	$(BIN)/mypy

## hub-deps: what the JupyterHub test needs from Debian: Node.js and npm (the proxy), python3-venv
## (the shared environment is made from the system Python, which every user can run)
hub-deps:
	@{ command -v npm >/dev/null 2>&1 && /usr/bin/python3 -c 'import venv, ensurepip' 2>/dev/null; } || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm python3-venv >/dev/null; \
	  else echo "make test needs nodejs, npm and python3-venv: run 'sudo apt-get install nodejs npm python3-venv'" >&2; exit 1; fi; }

## hub-proxy: configurable-http-proxy as pinned in deploy/hub/ (npm ci); the hub test's proxy comes
## from the same lock file (docs/deployment.md step 2), so npm finds it in its cache
build/hub-proxy/node_modules/.bin/configurable-http-proxy: deploy/hub/package.json deploy/hub/package-lock.json | hub-deps
	mkdir -p build/hub-proxy
	cp deploy/hub/package.json deploy/hub/package-lock.json build/hub-proxy/
	npm ci --prefix build/hub-proxy --omit=dev --no-audit --no-fund --loglevel=error
	touch $@

## test: install test extras, Chromium and the hub's proxy, lint, then run every test
test: $(VENV)/.installed-test chromium build/hub-proxy/node_modules/.bin/configurable-http-proxy lint
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

## bench: stratkit's costs as ratios measured in one run on this machine (about 5 minutes; 286 s on the 2-core machine); prints
## the table and writes it to benchmarks/RESULTS.md and README.md. Benchmarks, not tests.
bench: $(VENV)/.installed-test chromium
	$(BIN)/python benchmarks/run.py

## lite: the course as a static JupyterLite site in site/ (Python runs in the student's browser).
## Inputs (Pyodide from npm, wheels from PyPI) are kept in build/lite/inputs/; the build itself is offline.
lite: $(VENV)/.installed-lite
	$(BIN)/stratkit lite --out site

clean:
	rm -rf $(VENV) build dist site src/*.egg-info .pytest_cache .hypothesis
