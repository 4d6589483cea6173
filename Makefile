# Every target sets itself up: a fresh clone needs only Python 3.11+ and make.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
SHARED ?= ../shared
INDEX  ?= .minutes-index
PORT   ?= 8501

.PHONY: install test demo eval bench train lint clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

test: $(STAMP)
	$(BIN)/python -m pytest -q

demo: $(STAMP)
	$(BIN)/minutes build --index $(INDEX)
	$(BIN)/minutes search "ovn upgrade" --index $(INDEX) --limit 3
	$(BIN)/minutes ui --index $(INDEX) --port $(PORT)

eval: $(STAMP)
	$(BIN)/python evaluation/eval_all.py --shared $(SHARED)

# Retrain the decision/action classifier shipped in indexer/data/models/items from the line
# references in training/labels (the text is read from $(SHARED)/corpus); CROSS=1 only reports
# the cross-community check (train on three communities, test on the fourth).
train: $(STAMP)
	$(BIN)/python training/train.py --shared $(SHARED) $(if $(CROSS),--cross,)

bench: $(STAMP)
	$(BIN)/python scripts/bench.py --corpus $(SHARED)/corpus/scs-minutes

clean:
	rm -rf $(INDEX) build dist *.egg-info tests/artifacts .pytest_cache
