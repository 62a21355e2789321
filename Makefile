# Two entry points, each doing all of its own set-up on a fresh machine:
#   make demo   - offline: train (or reuse) the tiny model, extract events from the seed report
#   make test   - the test suite (what CI runs)
#   make compiled-bench - the event layer compiled with mypyc (opt-in, setup.py) and its speed
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

COMPILED_VENV := build/compiled-venv
PURELIB := import sysconfig; print(sysconfig.get_paths()["purelib"])

.PHONY: demo test setup clean compiled-bench

$(STAMP): pyproject.toml constraints-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints-dev.txt torch==2.13.0
	$(BIN)/pip install --quiet -c constraints-dev.txt -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/marsad demo --output-dir demo-output

test: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest

# A venv of its own under build/ with `MARSAD_COMPILE=1 pip install .` (mypy is fetched for the
# build only; the other packages are the dev venv's, through a .pth file), then the event-layer
# speed of the pure (dev venv) and the compiled package. Nothing else compiles anything.
compiled-bench: $(STAMP)
	$(PYTHON) -m venv $(COMPILED_VENV)
	$(BIN)/python -c '$(PURELIB)' > "$$($(COMPILED_VENV)/bin/python -c '$(PURELIB)')/marsad-dev-venv.pth"
	MARSAD_COMPILE=1 $(COMPILED_VENV)/bin/pip install --quiet --no-deps .
	$(BIN)/python benchmarks/event_layer_score.py --speed | grep -E '^(event layer|speed)'
	$(COMPILED_VENV)/bin/python benchmarks/event_layer_score.py --speed | grep -E '^(event layer|speed)'

clean:
	rm -rf $(VENV) demo-output .pytest_cache build
