# BoostDigiCulture course kit. Two commands on a fresh machine:
#   make run    set up, then start the kit (JupyterLab on 127.0.0.1) until Ctrl-C
#   make test   set up, then lint and run the whole test suite (`make test-fast`: the quick part)
# Set-up makes .venv/ at the repository root from the pinned binder/requirements.txt
# (the same pins Binder and CI use) and is skipped when nothing changed.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
STAMP := $(VENV)/.kit-installed
PIP := $(BIN)/python -m pip --disable-pip-version-check -q
# nbgrader and Jupyter start helpers (alembic, jupyter-*) by name: the kit's own come first.
export PATH := $(BIN):$(PATH)

# Left out of the pinned set although jupyter-events asks for them (jsonschema's
# "format-nongpl" extra): rfc3987-syntax compiles some twenty grammars with lark on every
# import of jsonschema, which adds 2.5 s of processor time to every `digiculture` command,
# nbgrader run, Jupyter server and Voilà kernel. jsonschema works without it (it then does
# not check the "iri" formats, which nothing in the kit uses). The pinned set is complete, so
# it is installed without pip's resolver (--no-deps), which would bring them back.
LEFT_OUT := rfc3987-syntax lark

.PHONY: setup run test test-fast lint format docs lock clean-venv postgresql hub

# The self-assessment's light page (voila_apps/light_page): its script is built with npm and
# esbuild from the pinned package-lock.json into the kit-light Voilà template.
LIGHT_PAGE := voila_apps/light_page
PAGE_JS := voila_apps/jupyter/voila/templates/kit-light/static/kit-light.js

# What npm builds is kept in the user's cache under a hash of everything it is built from
# (package.json, package-lock.json, src/): another clone of the same version, or a build after
# `git clean`, copies the two files instead of running npm ci and esbuild again.
PAGE_STATIC := $(dir $(PAGE_JS))
PAGE_INPUTS := $(LIGHT_PAGE)/package.json $(LIGHT_PAGE)/package-lock.json $(sort $(wildcard $(LIGHT_PAGE)/src/*))
PAGE_CACHE = $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/boostdigiculture/kit-light-$(shell sha256sum $(PAGE_INPUTS) | sha256sum | cut -c1-16)

CATALOGS := $(wildcard digiculture/locale/*/LC_MESSAGES/*.po jupyterlab_language_pack_*/locale/*/LC_MESSAGES/*.po)
CATALOGS_STAMP := $(VENV)/.kit-catalogs

setup: $(STAMP) $(PAGE_JS) $(CATALOGS_STAMP)

# The translations (gettext catalogs, digiculture/locale/LANG/LC_MESSAGES/*.po) are compiled to
# the .mo files the learners' kernels read.
$(CATALOGS_STAMP): $(CATALOGS) $(STAMP)
	@$(BIN)/digiculture translations compile
	@touch $@

$(PAGE_JS): $(PAGE_INPUTS)
	@if [ -f "$(PAGE_CACHE)/kit-light.js" ]; then \
		mkdir -p $(PAGE_STATIC) && cp -p "$(PAGE_CACHE)"/* $(PAGE_STATIC) && touch $@ && \
		echo "The self-assessment's page: copied from $(PAGE_CACHE)"; exit 0; fi; \
	command -v npm >/dev/null || { command -v apt-get >/dev/null && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; } || \
		{ echo "The self-assessment's page is built with npm: install Node.js and npm"; exit 1; }; \
	set -ex; \
	npm ci --prefix $(LIGHT_PAGE) --no-audit --no-fund --loglevel=error; \
	npm run --prefix $(LIGHT_PAGE) --silent build; \
	tmp="$(PAGE_CACHE).$$$$"; mkdir -p "$$tmp" && cp -p $(PAGE_STATIC)* "$$tmp" && \
		mv -T "$$tmp" "$(PAGE_CACHE)" 2>/dev/null || rm -rf "$$tmp"

$(STAMP): pyproject.toml binder/requirements.txt digiculture/jupyter_config/ipython/ipython_kernel_config.json
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "The kit needs Python 3.11 or newer; set PYTHON=/path/to/python3.11"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --no-deps --no-compile -r binder/requirements.txt
	@# What pip would compile one file after another, compiled on every core (same files).
	$(BIN)/python -m compileall -q -j 0 $(VENV)/lib >/dev/null || true
	$(PIP) uninstall -y $(LEFT_OUT) 2>/dev/null || true
	@# The official Greek JupyterLab pack, once pinned: the kit's own Greek pack has its import name.
	$(PIP) uninstall -y -q jupyterlab-language-pack-el-GR 2>/dev/null || true
	$(PIP) install --no-deps --no-build-isolation -e . 2>/dev/null || $(PIP) install --no-deps -e .
	$(BIN)/python -m digiculture.learn.ipython_extension
	@touch $@

# ARGS: options for `digiculture run`, for example ARGS="--lang de --port 9000".
# LANG=de on make's command line (`make run LANG=de`): the learners' language (JupyterLab's
# menus, the units, the kernels' messages). LANG from the environment is the computer's locale
# (en_US.UTF-8 ...), not a course language: it is left alone.
RUN_LANG := $(if $(filter command line,$(origin LANG)),--lang $(LANG))
run: setup
	$(if $(RUN_LANG),LANG=C.UTF-8 )$(BIN)/digiculture run $(RUN_LANG) $(ARGS)

# What the browser tests need, installed only when missing: Debian's chromium (driven by
# Playwright with executable_path; Playwright's own browser download is not used) and axe-core.
CHROMIUM := /usr/bin/chromium
AXE := build/node_modules/axe-core/axe.min.js
# JupyterHub's proxy, for `make hub` and the hub tests.
CHP := build/node_modules/.bin/configurable-http-proxy
# One npm call installs every npm tool: `npm install --no-save` removes what it did not install.
NODE_TOOLS := axe-core@4.14 configurable-http-proxy@5.3

$(CHROMIUM):
	@command -v apt-get >/dev/null || { echo "Install Chromium (Debian package 'chromium')"; exit 1; }
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core

# pdftoppm, for the test that renders the certificates as a learner sees them.
PDFTOPPM := /usr/bin/pdftoppm

$(PDFTOPPM):
	@command -v apt-get >/dev/null || { echo "Install pdftoppm (Debian package 'poppler-utils')"; exit 1; }
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils

$(AXE) $(CHP):
	npm install --prefix build --no-save --no-audit --no-fund --loglevel=error $(NODE_TOOLS)

# Debian's PostgreSQL server for the results-store tests, installed only when missing (the
# tests start their own server in a temporary folder on 127.0.0.1; nothing else uses it).
POSTGRES := $(firstword $(wildcard /usr/lib/postgresql/*/bin/postgres))

postgresql:
ifeq ($(POSTGRES),)
	@command -v apt-get >/dev/null || { echo "Install PostgreSQL (Debian package 'postgresql')"; exit 1; }
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
endif

# The suite runs in two processes (pytest-xdist): most tests wait on servers, kernels and
# browsers. --dist loadscope keeps each test file (its module fixtures, a notebook's nbval cells)
# in one process; --no-loadscope-reorder keeps the order of tests/conftest.py (the longest
# files first). TEST_WORKERS=0 runs it in this process alone.
TEST_WORKERS ?= 2
PYTEST := $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadscope --no-loadscope-reorder

test: setup $(CHROMIUM) $(PDFTOPPM) $(AXE) $(CHP) postgresql
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PYTEST)

# For the edit loop: lint and the tests not marked slow (no browser, hub, grading sandbox,
# nbgrader run or fresh environment; the units' notebooks are not run). `make test` runs all.
test-fast: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PYTEST) -m "not slow" tests

# The course's JupyterHub on 127.0.0.1 (as root: it makes an account per person). The first
# time, ADMIN names the facilitator: `sudo make hub ADMIN=anna` (docs/hub.md). It prints the
# address and the next steps (the hub's messages go to <hub>/logs/jupyterhub.log); Ctrl-C stops it.
hub: setup $(CHP)
	@test -f "$$($(BIN)/python -c 'from digiculture.settings import Settings; print(Settings.load().hub_dir)')/hub.json" || \
		{ test -n "$(ADMIN)" || { echo "First time: name the facilitator, for example: sudo make hub ADMIN=anna"; exit 2; }; \
		  $(BIN)/digiculture hub init --admin "$(ADMIN)"; }
	$(BIN)/digiculture hub start

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

docs: setup
	$(BIN)/digiculture profile docs

# Re-pin binder/requirements.txt from pyproject.toml (run after changing dependencies).
lock:
	rm -rf build/lock-venv && $(PYTHON) -m venv build/lock-venv
	build/lock-venv/bin/python -m pip --disable-pip-version-check -q install -e '.[test]'
	{ echo "# Pinned environment of the kit: used by Binder, CI and local runs (make lock)."; \
	  build/lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^-e' | \
	  grep -v -i -E '^($(subst $() ,|,$(LEFT_OUT)))=='; } > binder/requirements.txt
	rm -rf build/lock-venv

clean-venv:
	rm -rf $(VENV)
