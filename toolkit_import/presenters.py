"""Shape an import record for its page, so the templates only loop and test."""

from django.utils.translation import gettext_lazy as _

from .models import ImportRecord, ImportStatus
from .reader import COLUMNS, column_letter, workbook_language

FIELD_LABELS = {
    "wording": _("Wording"),
    "domain": _("Domain"),
    "group": _("Group"),
    "provenance": _("Provenance"),
    "status": _("Status"),
    "code": _("Code"),
    "availability": _("Data availability"),
    "wording_cy": _("Wording in Welsh"),
    "group_cy": _("Group in Welsh"),
}


# The column headers of the sections shown as one table (the others are lists or cards).
TABLE_HEADERS = {
    "added": [_("Code"), _("Domain"), _("Indicator")],
    "retired": [_("Code"), _("Indicator"), _("Plans that use it")],
    "touched_plans": [_("Plan"), _("Council"), _("Indicators it uses (codes)")],
    "rejected": [_("Sheet"), _("Row"), _("Column"), _("What is wrong")],
}


def _section(key, title, count, items, limit):
    return {
        "id": key.replace("_", "-"),
        "title": title,
        "count": count,
        "items": items,
        "capped": count > len(items),
        "shown": len(items),
        "limit": limit,
        "headers": TABLE_HEADERS.get(key, []),
    }


def import_page(record: ImportRecord) -> dict:
    done = record.status == ImportStatus.APPLIED
    preview = record.preview or {}
    counts = record.counts or {}
    limit = preview.get("limit", 0)
    changed = [
        {
            **item,
            "changes": [
                {**change, "label": FIELD_LABELS.get(change["field"], change["field"])}
                for change in item["changes"]
            ],
        }
        for item in preview.get("changed", [])
    ]

    def title(future, past):
        return past if done else future

    def section(key, section_title, items=None):
        items = preview.get(key, []) if items is None else items
        return _section(key, section_title, counts.get(key, 0), items, limit)

    indicator_sections = [
        section("added", title(_("Indicators to be added"), _("Indicators added"))),
        section("changed", title(_("Indicators to be changed"), _("Indicators changed")), changed),
        section("retired", title(_("Indicators to be retired"), _("Indicators retired"))),
        # Every plan the import touches, not only those of the first changes and retirements
        # listed above: the admin's view of whom it affects (and who is told once it applies).
        _section(
            "touched_plans",
            title(
                _("Plans that use an indicator to be changed or retired"),
                _("Plans that use an indicator it changed or retired"),
            ),
            preview.get("touched_plans_count", 0),
            preview.get("touched_plans", []),
            limit,
        ),
    ]
    other_sections = [
        section("sources_added", title(_("Data sources to be added"), _("Data sources added"))),
        section(
            "sources_changed", title(_("Data sources to be changed"), _("Data sources changed"))
        ),
        section("sources_absent", _("Data sources no longer in the file (kept as they are)")),
        section("questions_added", title(_("Questions to be added"), _("Questions added"))),
        section("questions_removed", title(_("Questions to be removed"), _("Questions removed"))),
    ]
    rejected = section("rejected", _("Rejected rows"))
    summary = [
        {"label": _("Added"), "count": counts.get("added", 0)},
        {"label": _("Changed"), "count": counts.get("changed", 0)},
        {"label": _("Retired"), "count": counts.get("retired", 0)},
        {"label": _("Unchanged"), "count": counts.get("unchanged", 0)},
        {"label": _("Rejected rows"), "count": counts.get("rejected", 0)},
    ]
    if done:
        heading = _("Import applied")
    elif record.status == ImportStatus.PREVIEWED:
        heading = _("Check the import before you apply it")
    elif record.status == ImportStatus.FAILED:
        heading = _("The import failed")
    else:
        heading = _("Columns to confirm")
    return {
        "heading": heading,
        # A Welsh toolkit (toolkit_import/welsh.py) only gives the bank's indicators their Welsh.
        "welsh": workbook_language(record.sheet_name, record.headers) == "cy",
        "done": done,
        "previewed": record.status == ImportStatus.PREVIEWED,
        "draft": record.status == ImportStatus.DRAFT,
        "failed": record.status == ImportStatus.FAILED,
        "summary": summary,
        "indicator_sections": indicator_sections,
        "other_sections": other_sections,
        "rejected": rejected,
        "mapping": mapping_rows(record),
        "nothing_to_do": not any(
            counts.get(k, 0)
            for k in (
                "added",
                "changed",
                "retired",
                "sources_added",
                "sources_changed",
                "questions_added",
                "questions_removed",
            )
        ),
    }


def mapping_rows(record: ImportRecord) -> list[dict]:
    rows = []
    for column in COLUMNS:
        index = record.column_mapping.get(column.name)
        if index is None:
            where = _("Not in this file")
        else:
            header = record.headers[index] if index < len(record.headers) else ""
            where = f"{column_letter(index)}: {header}"
        rows.append({"label": column.label, "column": where})
    return rows
