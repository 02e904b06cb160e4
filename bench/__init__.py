"""Benchmarks of speed, cost and scale, each next to a baseline: `make bench` (see bench/run.py)."""
