# Keqi: `make run` serves the platform with demo data; `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test setup system-deps lint check-pg serve

$(STAMP): requirements.lock package.json package-lock.json
	@command -v $(PYTHON) >/dev/null || { echo "需要 Python 3.11（$(PYTHON) 未找到）"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-virtualenv -r requirements.lock
	npm ci --silent --no-audit --no-fund
	touch $(STAMP)

system-deps:
	bash scripts/system-deps.sh

setup: system-deps $(STAMP)
	$(PY) scripts/vendor_assets.py

run: setup
	KEQI_DEBUG=1 $(PY) manage.py migrate --noinput
	KEQI_DEBUG=1 $(PY) manage.py load_demo
	@echo "科企通已启动：http://127.0.0.1:8000/  （Ctrl+C 退出）"
	@# The django-tasks worker runs big exports in the background; it stops with the server.
	KEQI_DEBUG=1 $(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	KEQI_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

test: setup lint
	$(PY) -m pytest -n 2 -q
