# Partage — the two commands of the README, and a few more.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE ?= partage.settings

.PHONY: run test bench bench-load bench-live lint format messages install clean-db

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

install: $(STAMP) .env

# A development .env (DEBUG on, random SECRET_KEY) so that `manage.py` works in this checkout; never
# overwritten. Production writes its own .env (docs/deploy.md) and does not use this Makefile.
.env:
	@printf '# Développement uniquement (créé par make) : voir docs/deploy.md pour la production.\nDEBUG=true\nSECRET_KEY=%s\n' \
		"$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env
	@echo "Fichier .env de développement créé (DEBUG=true, clé secrète aléatoire)."

## make run: install, migrate, load the 2019 roadmap and demo accounts, serve on :8000 with the task worker.
run: export DEBUG ?= true
run: $(STAMP) .env
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_roadmap data/pap2019.json
	$(PY) manage.py seed_demo
	$(PY) manage.py seed_demo_content
	@echo "Partage : http://127.0.0.1:8000  (Ctrl+C pour arrêter)"
	@trap 'kill 0' INT TERM EXIT; \
	$(PY) manage.py run_huey --quiet & \
	$(VENV)/bin/uvicorn partage.asgi:application --host 127.0.0.1 --port 8000 --lifespan off

## make test: the whole suite (unit, view, browser). PYTEST_ARGS is passed to pytest, e.g. PYTEST_ARGS="-m 'not browser'".
## Browser tests need /usr/bin/chromium (skipped without it, failing under CI=true). `make lint` does the static checks.
test: export DJANGO_SETTINGS_MODULE = partage.settings_test
test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

bench: export DJANGO_SETTINGS_MODULE = partage.settings_test
bench: $(STAMP)
	$(PY) -m partage.bench
	$(PY) -m partage.bench_http
	ulimit -n $$(ulimit -Hn); $(PY) -m partage.loadtest.run --if-postgres

## make bench-load: the 9:00 peak with locust (LOAD_AGENTS=1000, LOAD_SECONDS=300; README) against gunicorn with
## 2 workers on the production settings, in its own PostgreSQL database on the server of DATABASE_URL (required).
bench-load: $(STAMP)
	ulimit -n $$(ulimit -Hn); $(PY) -m partage.loadtest.run

## make bench-live: load benchmark of the live screens (PARTICIPANTS, WORKERS, JOIN_SECONDS, SCENARIOS; README).
## Starts its own uvicorn workers and generators; PostgreSQL via DATABASE_URL (else SQLite), 2 workers with REDIS_URL.
bench-live: export DJANGO_SETTINGS_MODULE = partage.settings_test
bench-live: $(STAMP)
	ulimit -n $$(ulimit -Hn); $(PY) -m partage.live.bench.run

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	TESTING=true $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=partage.settings_test $(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## make messages: refresh the French and English catalogues and compile them (needs GNU gettext).
messages: export DEBUG ?= true
messages: $(STAMP) .env
	cd partage && ../$(PY) ../manage.py makemessages -l fr -l en --no-obsolete --no-location --ignore "*/tests/*" --ignore "testing/*"
	$(PY) manage.py fill_source_catalogue
	cd partage && ../$(PY) ../manage.py compilemessages
