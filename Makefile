# The two commands of the README. Everything else is a step they use.
PYTHON ?= python3
UV := .tools/bin/uv
PY := .venv/bin/python

.PHONY: run test install browser fonts lint messages vendor bench wrk

run: install fonts      ## set up and start web + WebSocket + worker on http://127.0.0.1:8000
	$(PY) manage.py serve

test: install browser fonts  ## set up and run every test
	$(PY) -m pytest $(PYTEST_ARGS)

install: $(UV)
	$(UV) sync --frozen --quiet

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv>=0.9,<1"

browser:                ## Debian's Chromium for the browser tests
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Chromium is missing: run 'sudo apt-get install -y chromium' (browser tests need it)"; exit 1; \
	  fi; }

fonts:                  ## Debian's Noto fonts: PDFs (certificates, résumés) draw Hindi (Devanagari) text with them
	@fc-list 2>/dev/null | grep -q "Noto Sans Devanagari" || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-core fontconfig >/dev/null; \
	  else \
	    echo "Noto fonts are missing: run 'sudo apt-get install -y fonts-noto-core' (Hindi in PDFs needs them)"; exit 1; \
	  fi; }

lint: install           ## ruff, and the layers of .importlinter (faces, contexts, core)
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/lint-imports

messages: install       ## refresh and compile translations after changing texts
	$(PY) manage.py makemessages -l hi --ignore=.venv --ignore=.tools --ignore=staticfiles
	$(PY) manage.py compilemessages --ignore=.venv --ignore=.tools

vendor:                 ## refresh vendored front-end files from the npm registry
	./static/vendor/refresh.sh

bench: install wrk     ## load benchmark of the production stack (README, "Performance")
	$(PY) bench/run.py $(BENCH_ARGS)

wrk:                    ## Debian's wrk, the benchmark's load generator
	@command -v wrk >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else \
	    echo "wrk is missing: run 'sudo apt-get install -y wrk' (the benchmark needs it)"; exit 1; \
	  fi; }
