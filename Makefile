# Set-up and checks. `make setup` builds .venv/ (CPU torch from constraints.txt) and installs
# the harness into it in editable mode; every other target uses that environment.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
REALDATA ?= $(abspath ../shared/realdata)
OFFLINE := HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 TRANSFORMERS_OFFLINE=1

.PHONY: setup test lint type check demo leaderboard clean

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

# The leaderboard, as CI builds it: validate every manifest, build the demo checkpoints the
# demo manifests point at (once), score every submission into its store beside the manifest,
# then build the site. LEADERBOARD_DATA picks the data (the demo entries need samples);
# LEADERBOARD_CONFIG a leaderboard config (default: the columns present in the results).
LEADERBOARD_DATA ?= samples
LEADERBOARD_CONFIG ?=
LEADERBOARD_OUT ?= leaderboard/site

leaderboard: setup
	$(OFFLINE) $(BIN)/harness score --dry-run submissions/*.yaml
	test -d demo-output/checkpoints/stilts || $(OFFLINE) $(BIN)/harness demo --quiet
	$(OFFLINE) $(BIN)/harness score --quiet --data $(LEADERBOARD_DATA) submissions/*.yaml
	$(OFFLINE) $(BIN)/harness leaderboard build --submissions submissions \
		--out $(LEADERBOARD_OUT) $(if $(LEADERBOARD_CONFIG),--config $(LEADERBOARD_CONFIG))

clean:
	rm -rf $(VENV) demo-output results .pytest_cache .mypy_cache .ruff_cache
