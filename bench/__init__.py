"""Benchmarks run by ``make bench``: latency and throughput over HTTP, results as JSON in bench/results/."""
