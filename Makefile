# Two commands do all set-up: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app trainer
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: install run test lint db-upgrade clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

install: $(STAMP)

db-upgrade: $(STAMP)
	$(FLASK) db upgrade

run: db-upgrade
	@if [ -f question_bank/references.yaml ] && $(FLASK) bank --help >/dev/null 2>&1; then \
		$(FLASK) bank import && $(FLASK) quiz seed; fi
	@$(FLASK) demo
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl+C stops)"
	@PUBLIC_URL=$${PUBLIC_URL:-http://$(HOST):$(PORT)} $(FLASK) run --host $(HOST) --port $(PORT)

# SQLite always; PostgreSQL too when TEST_DATABASE_URL is set or 127.0.0.1:5432/test answers.
test: $(STAMP)
	@$(BIN)/python scripts/test_backends.py $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) instance/*.sqlite3* .pytest_cache test-artifacts
