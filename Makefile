# Set-up and checks. `make setup` builds .venv/ (CPU torch from constraints.txt) and installs
# the harness into it in editable mode; every other target uses that environment.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
REALDATA ?= $(abspath ../shared/realdata)
OFFLINE := HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 TRANSFORMERS_OFFLINE=1

.PHONY: setup test lint type check demo clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt torch
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

test: setup
	$(OFFLINE) XTREME_REALDATA=$(REALDATA) $(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

type: setup
	$(BIN)/mypy

check: lint type test

demo: setup
	$(OFFLINE) $(BIN)/harness demo

clean:
	rm -rf $(VENV) demo-output results .pytest_cache .mypy_cache .ruff_cache
