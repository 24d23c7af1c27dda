"""Shape an evaluation plan for its page and its exports, so templates and exporters only loop.

Everything here reads the prefetched relations of selectors.evaluation_for_display (`.all()`),
so presenting a plan costs no queries however many outcomes it has.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.utils.formats import date_format
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from domains.languages import numbered_name, text_in_language
from domains.models import Indicator
from ioi_planner.addresses import address_for_each
from ioi_planner.text import lines_html
from theory_of_change.models import Outcome, Plan
from theory_of_change.part_values import choice_label, text_of
from theory_of_change.presenters import content_lang, marked_rows
from theory_of_change.shape import ANSWER_LABELS

from .models import CollectionMethod, MeasurementKind, OutcomeEvaluation, SampleGroup

# The nine row labels of Annex 1 (Evaluation planning) of the Theory of Change Guide Part B,
# quoted as the framework gives them (Crown copyright, Open Government Licence v3.0).
ANNEX_1_LABELS = [
    gettext_lazy("Your Theory of Change Outcome"),
    gettext_lazy("Theory of Change for Integration Outcome"),
    gettext_lazy("Indicators"),
    gettext_lazy(
        "Data source and frequency of data collection, questions (What information do you "
        "already have? What additional information will you need?)"
    ),
    gettext_lazy(
        "Data collection methods/related activities (What methods will you use to gather "
        "additional information?)"
    ),
    gettext_lazy("Sample (How many individuals you will collect data from?)"),
    gettext_lazy("Responsibility (Who will collect this data?)"),
    gettext_lazy(
        "Data collection and analysis process (Which activities of your programme will help to "
        "achieve a particular outcome)"
    ),
    gettext_lazy("Timeline (When this needs to be done by?)"),
]
# Short names of the same rows, for headings, the workbook's header and completeness.
ROW_NAMES = [
    gettext_lazy("Your outcome"),
    gettext_lazy("Framework outcome"),
    gettext_lazy("Indicators"),
    gettext_lazy("Data sources, frequency and questions"),
    gettext_lazy("Data collection methods"),
    gettext_lazy("Samples"),
    gettext_lazy("Responsibility"),
    gettext_lazy("Collection and analysis process"),
    gettext_lazy("Timeline"),
]

NOT_GIVEN = "–"


def format_date(value, pattern: str = "j F Y") -> str:
    """`value` as the reader's language writes it ("3 March 2026"; `pattern` "j M Y" gives
    "3 Mar 2026"), or "" for no date."""
    return _date_in(value, get_language(), pattern) if value else ""


@lru_cache(maxsize=4096)
def _date_in(value, language: str | None, pattern: str) -> str:
    # A council's portfolio, the measurements page and workbooks show the same few dates
    # hundreds of times; each date_format looks the month's name up in the catalogue again.
    return date_format(value, pattern)


def format_number(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{value:,.2f}"
    return text[:-3] if text.endswith(".00") else text


@dataclass
class Row:
    label: str
    name: str
    parts: list[tuple[str, str]]  # (sub-heading or "", text) pairs
    filled: bool

    @property
    def text(self) -> str:
        """The row as plain text, for the workbook."""
        return "\n".join(f"{head}: {text}" if head else text for head, text in self.parts)


ROW_HTML = (
    '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{}</dt>'
    '<dd class="govuk-summary-list__value">{}</dd></div>'
)
PART_HTML = '<p class="govuk-body">{}{}</p>'
HEAD_HTML = "<strong>{}:</strong><br>"


# The rows of an Annex-1 block that come from the Theory of Change itself (the outcome and its
# indicators), not from planning its evaluation.
FROM_THE_CHAIN = {0, 2}


@dataclass
class Block:
    number: int
    outcome: Outcome
    evaluation: OutcomeEvaluation
    rows: list[Row]
    indicators: list[Indicator]
    edit_url: str
    filled: int = 0
    total: int = 9
    status: str = ""
    status_classes: str = ""
    complete: bool = False

    @property
    def rows_html(self) -> SafeString:
        """The block's rows as the page's summary list rows, written with format_html in one
        pass: at ten times the demo data the page has 450 rows, and the template engine took
        far longer to lay them out one variable at a time."""
        empty = format_html(PART_HTML, "", _("Not filled in yet"))
        return format_html_join(
            "\n",
            ROW_HTML,
            (
                (
                    row.label,
                    SafeString(
                        "".join(
                            # Both pieces escaped here: lines_html, and escape for the head.
                            PART_HTML.format(
                                HEAD_HTML.format(escape(head)) if head else "", lines_html(text)
                            )
                            for head, text in row.parts
                        )
                    )
                    or empty,
                )
                for row in self.rows
            ),
        )

    @property
    def missing(self) -> list[str]:
        return [row.name for row in self.rows if not row.filled]

    @property
    def planned(self) -> bool:
        """Whether any row of the evaluation's own is filled in yet."""
        return any(row.filled for n, row in enumerate(self.rows) if n not in FROM_THE_CHAIN)


def framework_outcome_text(evaluation: OutcomeEvaluation) -> str:
    parts = []
    if evaluation.framework_domain:
        domain = evaluation.framework_domain
        parts.append(f"{numbered_name(domain)}: {text_in_language(domain, 'summary')}")
    if evaluation.framework_outcome:
        parts.append(evaluation.framework_outcome)
    return "\n".join(parts)


def timeline_text(evaluation: OutcomeEvaluation) -> str:
    start, end = format_date(evaluation.start_date), format_date(evaluation.end_date)
    if start and end:
        dates = _("From %(start)s to %(end)s") % {"start": start, "end": end}
    elif start:
        dates = _("From %(start)s") % {"start": start}
    elif end:
        dates = _("By %(end)s") % {"end": end}
    else:
        dates = ""
    return "\n".join(part for part in (dates, evaluation.milestones) if part)


def sample_lines(evaluation: OutcomeEvaluation) -> list[str]:
    if evaluation.pk is None:  # an outcome added since the evaluation was drafted
        return []
    lines = []
    for sample in evaluation.samples.all():
        group = choice_label(SampleGroup, sample.group)
        if sample.description:
            group = f"{group} ({sample.description})"
        lines.append(_("%(group)s: %(size)s people") % {"group": group, "size": sample.size})
    return lines


def method_labels(evaluation: OutcomeEvaluation) -> list[str]:
    return [choice_label(CollectionMethod, m) for m in evaluation.methods if m in _METHODS]


_METHODS = set(CollectionMethod.values)


def row_labels() -> list[tuple[str, str]]:
    """Each Annex-1 row's label and short name in the active language."""
    return [
        (text_of(label), text_of(name))
        for label, name in zip(ANNEX_1_LABELS, ROW_NAMES, strict=True)
    ]


def block_rows(
    outcome, evaluation: OutcomeEvaluation, labels: list[tuple[str, str]] | None = None
) -> list[Row]:
    """The nine rows of an outcome's block (`labels`: `row_labels()`, if already made)."""
    indicators = [indicator.wording_marked for indicator in outcome.indicators.all()]
    sources = [
        (_("Data sources and frequency"), evaluation.data_sources),
        (_("Questions"), evaluation.questions),
        (_("Council sources"), evaluation.council_sources),
    ]
    methods = [
        ("", ", ".join(method_labels(evaluation))),
        (_("Related activities"), evaluation.related_activities),
    ]
    values = [
        [("", outcome.text)],
        [("", framework_outcome_text(evaluation))],
        [("", "\n".join(indicators))],
        sources,
        methods,
        [("", "\n".join(sample_lines(evaluation)))],
        [("", evaluation.responsibility)],
        [("", evaluation.analysis_process)],
        [("", timeline_text(evaluation))],
    ]
    rows = []
    for (label, name), parts in zip(labels or row_labels(), values, strict=True):
        given = [(head, text) for head, text in parts if text]
        rows.append(Row(label=label, name=name, parts=given, filled=bool(given)))
    # The methods row counts as filled only when a method is chosen, not for notes alone.
    rows[4].filled = bool(evaluation.methods)
    return rows


def evaluation_blocks(plan: Plan) -> list[Block]:
    """One Annex-1 block per outcome, in the plan's order, with how complete it is."""
    blocks = []
    edit_url = address_for_each("evaluation:outcome_edit", "outcome_id", plan_id=plan.pk)
    labels = row_labels()
    for number, outcome in enumerate(plan.outcomes.all(), start=1):
        evaluation = getattr(outcome, "evaluation", None) or OutcomeEvaluation(outcome=outcome)
        rows = block_rows(outcome, evaluation, labels)
        block = Block(
            number=number,
            outcome=outcome,
            evaluation=evaluation,
            rows=rows,
            indicators=list(outcome.indicators.all()),
            edit_url=edit_url(outcome.pk),
        )
        block.filled = sum(1 for row in rows if row.filled)
        block.total = len(rows)
        block.complete = block.filled == block.total
        if block.complete:
            block.status, block.status_classes = _("Completed"), ""
        else:
            block.status, block.status_classes = _("Incomplete"), "govuk-tag--blue"
        blocks.append(block)
    return blocks


@dataclass
class Completeness:
    complete: int
    total: int
    rows_filled: int
    rows_total: int

    @property
    def all_complete(self) -> bool:
        return self.total > 0 and self.complete == self.total


def completeness(blocks: list[Block]) -> Completeness:
    return Completeness(
        complete=sum(1 for block in blocks if block.complete),
        total=len(blocks),
        rows_filled=sum(block.filled for block in blocks),
        rows_total=sum(block.total for block in blocks),
    )


def toc_summary_rows(plan: Plan) -> list[dict]:
    """The Theory of Change in brief, read backwards as the plan was written; the rows people
    wrote marked with the plan's language where it is not the reader's (`lang`)."""
    lang = content_lang(plan.language)
    domains = [numbered_name(d) for d in plan.domains.all()]
    rows = [
        (ANSWER_LABELS["problem"], plan.problem, lang),
        (ANSWER_LABELS["impact"], plan.impact, lang),
        (_("Domains"), "\n".join(domains), ""),
        (_("Intermediate outcomes"), "\n".join(o.text for o in plan.outcomes.all()), lang),
        (_("Outputs"), "\n".join(o.text for o in plan.outputs.all()), lang),
        (_("Activities"), "\n".join(a.text for a in plan.activities.all()), lang),
    ]
    return marked_rows(rows)


def plan_status(plan: Plan) -> str:
    return plan.get_status_display()


def measurement_kind_label(kind: str) -> str:
    return str(MeasurementKind(kind).label)
