# `make brief` and `make test` each set up everything they need on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# System libraries WeasyPrint renders with, fonts that cover the text, pdftoppm for looking at pages.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fontconfig fonts-dejavu-core poppler-utils
# A window that covers all five seed articles (October 2020 to September 2023).
SEED_WINDOW := --from 2020-01-01 --to 2023-12-31

.PHONY: brief test system clean

brief: system $(STAMP)
	$(BIN)/briefing run --input seeds --out out $(SEED_WINDOW)

test: system $(STAMP)
	$(BIN)/python -m pytest -q

# Install missing Debian packages (needs root or sudo; skipped with a note when neither is there).
system:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages: $$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing; \
	fi

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
