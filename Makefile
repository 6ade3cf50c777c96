# Two commands matter: `make run` (set up + serve the demo venue over HTTP) and `make test` (set up + run the tests).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run chat test test-serial bench bench-http bench-models bench-understanding bench-booking demo clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -e ".[test,postgres,server]"
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/venuedesk serve --host $(HOST) --port $(PORT)

chat: $(STAMP)
	$(BIN)/venuedesk chat

demo: $(STAMP)
	$(BIN)/venuedesk demo

test: $(STAMP)
	sh scripts/ensure-chromium.sh
	@seed=$${SEED:-$$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}; \
	echo "test order: --randomly-seed=$$seed (make test SEED=$$seed repeats it)"; \
	$(BIN)/python -m pytest -q -n 2 -p randomly --randomly-seed=$$seed

# The same suite in one process, in file order: proves no fixture leaves an event loop, server or state behind.
test-serial: $(STAMP)
	sh scripts/ensure-chromium.sh
	$(BIN)/python -m pytest -q -n 0 -p no:randomly

bench: $(STAMP)
	$(BIN)/python bench/turn_latency.py

bench-http: $(STAMP)
	$(BIN)/python bench/http_throughput.py

bench-booking: $(STAMP)
	$(BIN)/python bench/booking_flow.py

bench-understanding: $(STAMP)
	$(BIN)/python bench/understanding.py

bench-models: $(STAMP)
	$(BIN)/python bench/model_calls.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache
