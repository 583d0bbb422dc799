"""What the runtime bench measures, one module per concern (``bench/runtime_bench.py``)."""
