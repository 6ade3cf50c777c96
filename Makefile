# Two commands matter: `make run` (set up + chat on the demo venue) and `make test` (set up + run the tests).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test bench demo clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -e ".[test,postgres]"
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/venuedesk chat

demo: $(STAMP)
	$(BIN)/venuedesk demo

test: $(STAMP)
	$(BIN)/python -m pytest -q -n 2

bench: $(STAMP)
	$(BIN)/python bench/turn_latency.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache
