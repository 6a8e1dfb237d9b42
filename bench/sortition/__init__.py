"""Helpers for ``bench/sortition_bench.py``."""
