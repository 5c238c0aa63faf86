# conflict-extract: `make run` extracts samples/ into out/; `make test` runs the test suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INPUT ?= samples
OUT ?= out
DATA ?= ../shared/data

.PHONY: run test lint eval bench schema clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

run: $(VENV)/.installed
	$(BIN)/conflict-extract $(INPUT) -o $(OUT) --db $(ARGS)

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check extract models tests benchmarks
	$(BIN)/ruff format --check extract models tests benchmarks
	$(BIN)/mypy

# accuracy on the annotated corpora in $(DATA) (a few minutes; not part of `make test`)
eval: $(VENV)/.installed-dev
	$(BIN)/python -m benchmarks.evaluate --data $(DATA) --json benchmarks/eval.json --compare benchmarks/baseline.json $(ARGS)

# speed against bare spaCy on the 84 PolNeAR dev texts, first records, memory on PolNeAR train
# (not part of `make test`; run it on an idle machine)
bench: $(VENV)/.installed-dev
	$(BIN)/python -m benchmarks.bench --corpus $(DATA)/polnear/dev/text \
		--growth-corpus $(DATA)/polnear/train/text --json benchmarks/bench.json $(ARGS)

schema: $(VENV)/.installed
	$(BIN)/conflict-extract schema > models/record.schema.json

clean:
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache
