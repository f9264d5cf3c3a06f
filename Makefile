# `make demo` and `make test` work on a fresh machine: they create .venv from the lock first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo browser test test-slow bench clean

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.9
	# Bytecode at install: with PYTHONDONTWRITEBYTECODE set, every process would compile Prefect, GE
	# and Beam from source again (about 15 s of each run's start-up).
	$(BIN)/uv pip install --quiet --python $(BIN)/python --require-hashes --compile-bytecode -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $(STAMP)

demo: $(STAMP)
	rm -rf out
	$(BIN)/dateline run --input data/sample/meantime_dev.jsonl data/sample/html --output out
	$(BIN)/dateline query --output out --name top_speakers

# Headless Chromium (Debian's package) opens the Data Docs offline in tests/test_offline_docs.py;
# installed once, about 50 s, nothing when it is there.
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@chromium --version

# PYTEST_ARGS narrows or splits a suite, e.g. `make test-slow PYTEST_ARGS=tests/test_scale.py`
# (.ci/run runs the slow suite in two parts this way).
test: $(STAMP) browser
	$(BIN)/python -m pytest -m "not slow" -q $(PYTEST_ARGS)

test-slow: $(STAMP)
	$(BIN)/python -m pytest -m slow -q $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf out .pytest_cache
