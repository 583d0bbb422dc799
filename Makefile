# The two commands in README.md. Both set everything up on a fresh machine first.
SAMPLE ?= samples/todo-wechat

.PHONY: setup demo test lint bench

setup:
	bash .ci/setup

demo: setup
	.venv/bin/fanxing demo $(SAMPLE)

test: setup
	.venv/bin/ruff check .
	.venv/bin/python -m pytest

lint: setup
	.venv/bin/ruff check .

bench: setup
	.venv/bin/python bench/run.py
