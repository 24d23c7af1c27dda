from django.apps import AppConfig


class DemoConfig(AppConfig):
    """An app only so that `manage.py seed_demo` is a management command; it has no models."""

    name = "demo"
    verbose_name = "Demo data"
