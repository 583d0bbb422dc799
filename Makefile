# The two commands in README.md. Both set everything up on a fresh machine first.
SAMPLE ?= samples/todo-wechat

STAMP := .venv/.setup-stamp

.PHONY: setup demo test lint bench

setup: $(STAMP)

# Set up again only when what it installs changed (not on every make).
$(STAMP): .ci/setup pyproject.toml compiler/node_tools/package.json compiler/node_tools/package-lock.json
	bash .ci/setup
	touch $@

demo: setup
	.venv/bin/fanxing demo $(SAMPLE)

test: setup
	.venv/bin/ruff check .
	.venv/bin/python -m pytest

lint: setup
	.venv/bin/ruff check .

bench: setup
	.venv/bin/python bench/run.py
