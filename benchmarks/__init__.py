"""Benchmarks: run with ``make bench``; each prints a table and writes results/*.json."""
