# inburgerbot — the two commands for a fresh machine are `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
E2E_EMULATOR := tests/e2e/emulator
LANGS := nl en ar ti fa tr so uk ku
SOURCES := bot dialogs locales reminders web inburgerbot municipalities casestore translation media

# Debian packages, installed when missing. What the bot needs to run:
# voice notes: espeak-ng speaks, opus-tools (opusenc/opusinfo/opusdec) makes Telegram's OGG/Opus;
# cards: Noto fonts (Latin, Cyrillic, Arabic, Ethiopic); libraqm0 + libfribidi0 for Pillow's complex layout.
SYSTEM_PACKAGES := espeak-ng opus-tools fonts-noto-core libraqm0 libfribidi0
# What only the tests need: headless Chromium for the browser tests.
TEST_SYSTEM_PACKAGES := chromium chromium-driver

.PHONY: demo test install system-deps catalogs extract update-catalogs compile-catalogs lint typecheck bench clean

demo: install
	$(BIN)/inburgerbot demo

test: SYSTEM_PACKAGES += $(TEST_SYSTEM_PACKAGES)
test: install $(VENV)/.translate-installed $(E2E_EMULATOR)/node_modules/.package-lock.json
	$(BIN)/python -m pytest

$(VENV)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# The optional machine-translation extra (argostranslate pulls stanza, torch, spaCy, onnxruntime).
# Tests need it; the demo does not. torch first: here the CPU build lies on local disk, so pip
# never reaches for a multi-GB CUDA build.
$(VENV)/.translate-installed: $(VENV)/.installed
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev,translate]'
	touch $@

install: system-deps $(VENV)/.installed compile-catalogs

# The Telegram Bot API emulator of the end-to-end tests (tests/e2e/README.md), pinned by its lock file.
$(E2E_EMULATOR)/node_modules/.package-lock.json: $(E2E_EMULATOR)/package-lock.json
	cd $(E2E_EMULATOR) && npm ci --no-audit --no-fund --loglevel=error

system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# Extract the message ids from the code and merge them into every language's catalog.
extract: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k Nn_:1,2 -c i18n: --sort-by-file \
	  --project inburgerbot --copyright-holder "inburgerbot contributors" -o locales/messages.pot $(SOURCES)

update-catalogs: extract
	@for l in $(LANGS); do \
	  if [ -f locales/$$l/LC_MESSAGES/messages.po ]; then \
	    $(BIN)/pybabel update -i locales/messages.pot -d locales -l $$l --no-fuzzy-matching; \
	  else \
	    $(BIN)/pybabel init -i locales/messages.pot -d locales -l $$l; \
	  fi; \
	done
	$(BIN)/python scripts/catalogs.py fill-en

catalogs: update-catalogs compile-catalogs

compile-catalogs: $(VENV)/.installed
	$(BIN)/pybabel compile -d locales --statistics 2>/dev/null || $(BIN)/pybabel compile -d locales

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed
	$(BIN)/mypy $(SOURCES)

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache
