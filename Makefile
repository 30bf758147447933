# Two commands on a fresh machine: `make docs` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
PLANS ?= plans
OUTPUT ?= output

.PHONY: docs test lint fuzz bench schema template clean

docs: $(INSTALLED)
	$(BIN)/kehoach build $(PLANS) -o $(OUTPUT)

# Both cores: a test file stays on one worker (module fixtures such as the PDF batch run once).
test: $(INSTALLED)
	$(BIN)/python -m pytest -q -n auto --dist loadfile

# Static checks (configured in pyproject.toml): ruff on the code and tests, mypy on the package.
lint: $(INSTALLED)
	$(BIN)/ruff check generator tests
	$(BIN)/mypy

# The property-based tests with ten times the examples and a fresh random seed (minutes, not for CI).
fuzz: $(INSTALLED)
	KEHOACH_FUZZ=1 $(BIN)/python -m pytest -q tests/test_robustness.py

# Timings at repository scale (not a test): a table for the README.
bench: $(INSTALLED)
	$(BIN)/python tests/bench.py

# The committed schema and built-in templates are generated: rebuild after changing the model or rules.
# `make template` writes generator/templates/<format>/plan.docx and bao-cao.docx (the built-in report) only;
# an office's templates/ is never touched.
schema: $(INSTALLED)
	$(BIN)/kehoach schema > plans/plan.schema.json
	$(BIN)/kehoach schema --bodies > plans/bodies.schema.json

template: $(INSTALLED)
	$(BIN)/python -m kehoach.template
	$(BIN)/python -m kehoach.derive.report

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

clean:
	rm -rf output
