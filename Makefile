# Two commands matter: `make run` (set up + serve the demo venue over HTTP) and `make test` (set up + run the tests).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

MAIL_PORT ?= 2525
SINK_PORT ?= 1025

.PHONY: setup run mail-demo chat test test-serial bench bench-round-trips bench-http bench-models bench-understanding bench-booking bench-calendars demo clean soak chaos

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -e ".[test,postgres,server]"
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	sh scripts/ensure-documents.sh
	$(BIN)/venuedesk serve --host $(HOST) --port $(PORT)

# The desk by email on this machine: a sink on $(SINK_PORT) prints every mail the desk sends; mail the desk at
# 127.0.0.1:$(MAIL_PORT) (see README "Try it by mail"); the web page and console stay on $(PORT).
mail-demo: $(STAMP)
	@$(BIN)/venuedesk mail-sink --listen 127.0.0.1:$(SINK_PORT) & sink=$$!; trap 'kill $$sink 2>/dev/null' EXIT INT TERM; \
	VENUEDESK_SMTP_URL=smtp://127.0.0.1:$(SINK_PORT) VENUEDESK_MAIL_SECRET=$${VENUEDESK_MAIL_SECRET:-demo-mail-secret} \
	VENUEDESK_MAIL_FROM=$${VENUEDESK_MAIL_FROM:-desk@venue.localhost} VENUEDESK_MANAGER_EMAIL=$${VENUEDESK_MANAGER_EMAIL:-manager@venue.localhost} \
	VENUEDESK_PUBLIC_URL=http://$(HOST):$(PORT) $(BIN)/venuedesk serve --host $(HOST) --port $(PORT) --smtp 127.0.0.1:$(MAIL_PORT)

chat: $(STAMP)
	$(BIN)/venuedesk chat

demo: $(STAMP)
	$(BIN)/venuedesk demo

test: $(STAMP)
	sh scripts/ensure-chromium.sh
	sh scripts/ensure-documents.sh
	@seed=$${SEED:-$$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}; \
	echo "test order: --randomly-seed=$$seed (make test SEED=$$seed repeats it)"; \
	$(BIN)/python -m pytest -q -n 2 -p randomly --randomly-seed=$$seed

# The same suite in one process, in file order: proves no fixture leaves an event loop, server or state behind.
test-serial: $(STAMP)
	sh scripts/ensure-chromium.sh
	sh scripts/ensure-documents.sh
	$(BIN)/python -m pytest -q -n 0 -p no:randomly

bench: $(STAMP)
	$(BIN)/python bench/turn_latency.py

bench-round-trips: $(STAMP)
	$(BIN)/python bench/round_trips.py

bench-http: $(STAMP)
	$(BIN)/python bench/http_throughput.py

.PHONY: bench-sqlite-writers
bench-sqlite-writers: $(STAMP)
	$(BIN)/python bench/sqlite_writers.py

bench-booking: $(STAMP)
	$(BIN)/python bench/booking_flow.py

bench-understanding: $(STAMP)
	$(BIN)/python bench/understanding.py

bench-calendars: $(STAMP)
	$(BIN)/python bench/calendar_fanout.py

bench-models: $(STAMP)
	$(BIN)/python bench/model_calls.py

# The 10-minute soak (2 API processes + 1 worker on PostgreSQL; outside the normal CI run, which keeps a short one).
soak: $(STAMP)
	$(BIN)/python bench/soak.py --minutes 10

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache

# Every fault point x kill/raise on real serve and worker processes (docs/crashes.md); outside the normal run.
chaos: $(STAMP)
	@test -n "$$VENUEDESK_TEST_POSTGRES_URL" || { echo "make chaos needs VENUEDESK_TEST_POSTGRES_URL"; exit 2; }
	VENUEDESK_CHAOS=1 $(BIN)/python -m pytest -q -n 0 -p no:randomly -m chaos tests/integration/crashes
