"""Reads for toolkit imports."""

from django.db.models import QuerySet

from domains.models import Domain

from .models import ImportRecord
from .reader import DomainLookup


def import_records() -> QuerySet[ImportRecord]:
    """Every import, newest first, without the stored files."""
    return ImportRecord.objects.select_related("uploaded_by", "applied_by").defer("content")


def import_record(*, import_id) -> ImportRecord:
    return import_records().get(pk=import_id)


def domain_lookup() -> DomainLookup:
    """The framework's domains and types by their names, English and Welsh (a Welsh toolkit
    names them in Welsh)."""
    domains = list(Domain.objects.select_related("type"))
    return DomainLookup(
        (
            (
                domain.number,
                domain.name,
                [*domain.aliases, *([domain.name_cy] if domain.name_cy else [])],
                domain.type.name,
            )
            for domain in domains
        ),
        type_aliases={d.type.name_cy: d.type.name for d in domains if d.type.name_cy},
    )


def domain_names() -> dict[int, str]:
    return dict(Domain.objects.values_list("number", "name"))
