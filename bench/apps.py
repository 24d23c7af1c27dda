from django.apps import AppConfig


class BenchConfig(AppConfig):
    """An app only so that `manage.py bench` is a management command; it has no models."""

    name = "bench"
    verbose_name = "Benchmarks"
