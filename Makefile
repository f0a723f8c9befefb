# The two commands of the README are `make demo` and `make test`; both set up first.
# `make setup` is idempotent: .venv/ with numjit installed editable, and the compiler bundle
# (with its V8 startup snapshot, numjit/_compiler/numjitc-HASH.blob: compiler/build.mjs).
PY      ?= python3
VENV    := .venv
VPY     := $(VENV)/bin/python
BUNDLE  := numjit/_compiler/numjitc.js
TS_SRC  := $(shell find compiler/src -name '*.ts' 2>/dev/null)
DIR     ?= $(shell $(PY) -c "import sysconfig; print(sysconfig.get_paths()['stdlib'])")

.PHONY: setup demo test parse-check docs bench bench-quick clean

setup: $(VENV)/.installed $(BUNDLE)

$(VENV)/bin/python:
	$(PY) -m venv $(VENV)

$(VENV)/.installed: $(VENV)/bin/python pyproject.toml setup.py
	$(VPY) -m pip install -q --upgrade pip
	$(VPY) -m pip install -q -e ".[test]"
	touch $@

compiler/node_modules/.package-lock.json: compiler/package.json compiler/package-lock.json
	cd compiler && npm ci --no-audit --no-fund
	touch $@

$(BUNDLE): compiler/node_modules/.package-lock.json compiler/build.mjs $(TS_SRC)
	cd compiler && npm run --silent build

demo: setup
	$(VPY) examples/quickstart.py

test: setup
	cd compiler && npm test
	$(VPY) -m pytest -q tests

docs: setup
	$(VPY) tools/gen_features_doc.py

parse-check: setup
	$(VPY) tools/parse_check.py $(DIR)

bench: setup
	sh bench/setup_env.sh $(PY)
	bench/.venv/bin/python bench/run.py --full

bench-quick: setup
	sh bench/setup_env.sh $(PY)
	bench/.venv/bin/python bench/run.py --quick

clean:
	rm -rf $(VENV) compiler/node_modules compiler/build $(BUNDLE) numjit/_compiler/numjitc-*.blob numjit/_compiler/numjitc.blob.json
