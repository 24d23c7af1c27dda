"""Benchmarks and the load test, in one place outside the apps they measure.

`python manage.py bench` (the command is in bench/management/) runs every benchmark module
listed in registry.BENCHMARK_MODULES, then the load test (loadtest/) against gunicorn and a
throwaway PostgreSQL cluster. docs/benchmarks.md says what each figure means and how to add one.
"""
