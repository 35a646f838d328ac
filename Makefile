# Ortak Akıl — the two commands a newcomer needs: `make run` and `make test`.
VENV    ?= .venv
PYTHON  ?= python3
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed-stamp
HOST    ?= 127.0.0.1
PORT    ?= 8000
# The local demo runs without the staff's two-factor authentication (the pages say so);
# `make run ORTAKAKIL_STAFF_MFA=true` asks for it as production does.
ORTAKAKIL_STAFF_MFA ?= false

.PHONY: install run test lint typecheck messages clean

install: $(STAMP)

# Re-installs only when pyproject.toml changes; creating the venv is idempotent.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# Migrates the embedded SQLite database under var/, loads the Ankara demo once,
# starts the background worker and serves http://$(HOST):$(PORT).
run: install
	$(BIN)/ortakakil migrate --noinput
	$(BIN)/ortakakil demo --once
	@echo "GELİŞTİRME KİPİ: DEBUG açık, hatalar ayrıntılarıyla gösterilir; internete açık bir sunucuda kullanmayın."
	@echo "DEVELOPMENT MODE: DEBUG is on and errors show their details; never expose this server to the internet."
	@echo "İki adımlı doğrulama / staff two-factor authentication: ORTAKAKIL_STAFF_MFA=$(ORTAKAKIL_STAFF_MFA) (üretimde her zaman açık / always on in production)"
	@echo "Üretim için / for production: ORTAKAKIL_ENV=production SECRET_KEY=… ALLOWED_HOSTS=… \\"
	@echo "    $(BIN)/ortakakil serve --host 0.0.0.0 --port 8000  (README: PostgreSQL, Redis, production)"
	@echo "Sunucu / server: http://$(HOST):$(PORT)  (Ctrl+C ile durdurun / to stop)"
	@mkdir -p var; \
	$(BIN)/ortakakil worker > var/worker.log 2>&1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	ORTAKAKIL_STAFF_MFA=$(ORTAKAKIL_STAFF_MFA) $(BIN)/ortakakil runserver $(HOST):$(PORT)

# The whole suite (unit, integration and browser tests). DATABASE_URL selects PostgreSQL.
test: install
	@$(BIN)/pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests — failing on purpose." >&2; exit 1; fi; \
	exit $$status

lint: install
	$(BIN)/ruff format --check src tests bench
	$(BIN)/ruff check src tests bench

typecheck: install
	$(BIN)/mypy

# Refresh the Turkish catalogue after changing user-facing strings, then translate and compile.
messages: install
	cd src/ortakakil && ../../$(BIN)/ortakakil makemessages -l tr --no-obsolete && ../../$(BIN)/ortakakil compilemessages -l tr

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
