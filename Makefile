# inburgerbot — the two commands for a fresh machine are `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
LANGS := nl en ar ti fa tr so uk ku
SOURCES := bot dialogs locales reminders web inburgerbot municipalities casestore

# Debian packages the project needs (voice notes, fonts, browser tests...). Installed when missing.
SYSTEM_PACKAGES :=

.PHONY: demo test install system-deps catalogs extract update-catalogs compile-catalogs lint typecheck bench clean

demo: install
	$(BIN)/inburgerbot demo

test: install
	$(BIN)/python -m pytest

$(VENV)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: system-deps $(VENV)/.installed compile-catalogs

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
