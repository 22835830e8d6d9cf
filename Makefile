# The two commands a newcomer needs: `make run` and `make test`. Both create .venv if missing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Every install takes the hash-locked files of `make lock` through .ci/install
# (docs/security/supply-chain.md); the workflows install the same way.
LOCKS := requirements/build.lock.txt requirements/dev.lock.txt
# The web editor at /admin (Sveltia CMS) and the tools that build and test it come from the npm
# registry through editor/package-lock.json (exact versions, sha512 integrity; docs/editor.md).
EDITOR := editor/node_modules/.package-lock.json

.PHONY: run serve test lint check schema lock bench bench-render clean

$(STAMP): pyproject.toml $(LOCKS)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	bash .ci/install $(VENV) requirements/dev.lock.txt
	@touch $(STAMP)

$(EDITOR): editor/package.json editor/package-lock.json
	@command -v npm >/dev/null || { echo "npm tidak ada: sudo apt-get install nodejs npm (npm not found)"; exit 1; }
	npm ci --prefix editor --ignore-scripts --no-audit --no-fund
	@touch $(EDITOR)

## run: make the sample media (first time only) and run the whole pipeline on content/
run: $(STAMP) $(EDITOR)
	$(BIN)/python scripts/make_sample_media.py
	$(BIN)/pipeline run

## serve: the built site on http://127.0.0.1:8000 (rebuilds on change)
serve: $(STAMP) $(EDITOR)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve -a 127.0.0.1:8000

## test: everything `make lint` runs, then every test
test: $(STAMP) $(EDITOR) lint
	$(BIN)/pytest

## lint: ruff, mypy, the schema files, CODEOWNERS against office.yml, and the workflows
## (actionlint with shellcheck on every run: script; zizmor's auditor persona, offline)
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pipeline schema --check
	$(BIN)/pipeline codeowners --check
	$(BIN)/actionlint -shellcheck=$(BIN)/shellcheck -pyflakes= .github/workflows/*.yml
	$(BIN)/zizmor --offline --no-progress --quiet --persona auditor .github

## check: check the content only (what the pre-commit hook runs)
check: $(STAMP)
	$(BIN)/pipeline check content

## schema: rewrite schema/*.json after changing pipeline/schema.py or pipeline/config.py
schema: $(STAMP)
	$(BIN)/pipeline schema

## lock: rewrite requirements/*.lock.txt from pyproject.toml (uv, hashes, a 7-day cooldown);
## review the diff and commit it with the change of pyproject.toml
lock: $(STAMP)
	$(BIN)/python scripts/lock.py

## bench: the check benchmark on 1,000 generated posts (by hand; results go in docs/speed.md)
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_check.py

## bench-render: our renderer against pyvips and ffmpeg, video, and a no-change rerun
bench-render: $(STAMP)
	$(BIN)/python benchmarks/bench_render.py

clean:
	rm -rf build site .cache .pytest_cache .mypy_cache .ruff_cache
