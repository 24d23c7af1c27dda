from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _search_structures(sender, using, **kwargs) -> None:
    # Full-text indexes that Django's migrations cannot declare for both databases (an FTS5
    # table with triggers, GIN expression and trigram indexes): domains/search.py.
    from .search import ensure_structures

    ensure_structures(using=using)


class DomainsConfig(AppConfig):
    name = "domains"
    verbose_name = _("Framework")

    def ready(self) -> None:
        post_migrate.connect(_search_structures, sender=self, dispatch_uid="domains_search")
