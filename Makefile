# The two set-up commands (README): `make app` runs the app, `make test` runs the tests.
# Both create .venv and install requirements.txt on first use (and again when it changes).
PY ?= python3
PORT ?= 8501
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.txt | cut -c1-12)

.PHONY: app test demo lint

# Debian packages the tests use (scripts/system-packages.sh installs what is missing, as root)
TEST_PACKAGES := chromium haproxy soffice=libreoffice-impress \
	/usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf=fonts-crosextra-carlito

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $(STAMP)

app: $(STAMP)
	@sh scripts/system-packages.sh haproxy
	$(BIN)/python -m mik serve --port $(PORT)

test: $(STAMP)
	@sh scripts/system-packages.sh $(TEST_PACKAGES)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n 2 --dist loadgroup -m "not serial"
	$(BIN)/python -m pytest -n 0 -m serial

demo: $(STAMP)
	$(BIN)/python -m mik demo
