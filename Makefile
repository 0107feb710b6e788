# The few verbs people use. `make run` and `make test` are the README's quick start.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
CASES  ?= 2000

.PHONY: run test lint bench messages chromium tools clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

tools/node_modules/.installed: tools/package.json tools/package-lock.json
	npm ci --prefix tools --no-audit --no-fund --loglevel=error
	touch $@

tools: tools/node_modules/.installed

# Debian's Chromium for the browser tests (never a browser downloaded by a test tool), and GNU
# gettext, which checks and compiles the translation catalogues.
chromium:
	@test -x /usr/bin/chromium -a -x /usr/bin/msgfmt || (apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium gettext >/dev/null)

run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --if-empty --cases $(CASES) --seed 1
	@$(BIN)/python manage.py demo_sign_ins
	@# The task worker (imports of large files) runs beside the server and stops with it.
	$(BIN)/python manage.py db_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: $(VENV)/.installed
	$(BIN)/ruff check passage tests bench
	$(BIN)/bandit -q -c pyproject.toml -r passage bench
	$(BIN)/python manage.py makemigrations --check --dry-run
	PASSAGE_ENV=production PASSAGE_SECRET_KEY=lint-only-$$(date +%s)-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGH \
		PASSAGE_ALLOWED_HOSTS=passage.example.org PASSAGE_FIELD_KEYS=$$($(BIN)/python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())") \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

test: $(VENV)/.installed tools chromium lint
	$(BIN)/pytest

# Every benchmark at its default size (minutes each); docs/benchmarks.md lists the options.
bench: $(VENV)/.installed
	$(BIN)/python bench/seed_and_page.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/duplicates.py
	$(BIN)/python bench/import_export.py
	$(BIN)/python bench/health.py
	$(BIN)/python bench/manifest.py
	$(BIN)/python bench/board_sse.py
	$(BIN)/python bench/readiness.py
	$(BIN)/python bench/reports.py

# Re-extract translatable strings after changing templates or code, then compile the catalogues.
# passage/locale holds core's and the registry's messages; a module with its own passage/<app>/locale
# (and its templates in passage/<app>/templates) keeps its own catalogue.
LOCALE_APPS := $(patsubst passage/%/locale,%,$(wildcard passage/*/locale))
messages: $(VENV)/.installed
	cd passage && ../$(BIN)/python ../manage.py makemessages -l fr -l es -l ar --no-obsolete \
		$(foreach app,$(LOCALE_APPS),--ignore=$(app)/*)
	for app in $(LOCALE_APPS); do (cd passage/$$app && \
		../../$(BIN)/python ../../manage.py makemessages -l fr -l es -l ar --no-obsolete) || exit 1; done
	cd passage && ../$(BIN)/python ../manage.py compilemessages

clean:
	rm -rf $(VENV) tools/node_modules var
