"""The plan report: the whole plan as one document a manager can read, in PDF and in Word.

`plan_report` lays the plan out once, as a list of sections of plain parts (paragraphs, lists,
tables and figures: report_parts.py); report_pdf.py renders it for WeasyPrint and
report_docx.py for Word, so the two documents say the same things in the same order. Every
string in it is plain text: the template escapes it and python-docx writes it as text, so
nothing a person typed can become markup or a formula. Figures are the server-rendered SVG of the Theory of Change diagram
and of the progress charts: vector in the PDF, a PNG with the same alternative text in Word.

Only what is there is shown: an outcome whose evaluation is not planned yet is one line, and a
row not filled in yet is named once in a "still to plan" line, not printed empty.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ioi_planner.text import written
from theory_of_change.chain import Chain, chain_from_plan, chain_tree
from theory_of_change.diagram import chain_svg
from theory_of_change.models import Plan, PlanStatus
from theory_of_change.presenters import (
    content_lang,
    plan_assumptions,
    plan_summary_rows,
    stakeholder_table,
)
from theory_of_change.principles import principle_check

from . import presenters, progress
from .report_parts import (
    NOT_GIVEN,
    Bullets,
    Figure,
    Paragraph,
    Report,
    Section,
    Table,
    figures_of,
)
from .report_progress import progress_sections


def approval(plan: Plan) -> str:
    """Who approved the plan and when, from its latest move to approved ("" if it is not)."""
    if plan.status != PlanStatus.APPROVED:
        return ""
    moves = [t for t in plan.transitions.all() if t.to_status == PlanStatus.APPROVED]
    if not moves:
        return ""
    latest = moves[-1]
    return _("By %(who)s on %(date)s") % {
        "who": latest.by,
        "date": presenters.format_date(timezone.localtime(latest.at).date()),
    }


def _cover(plan: Plan) -> Table:
    rows = [
        [_("Council"), plan.team.organisation.name],
        [_("Team"), plan.team.name],
        [_("Owner"), str(plan.owner)],
        [_("Status"), presenters.plan_status(plan)],
        [_("Approved"), approval(plan) or _("Not approved yet")],
        [_("Version"), str(plan.version)],
        [_("Date of this report"), presenters.format_date(timezone.localdate())],
    ]
    return Table(caption=_("About this plan"), header=[], rows=rows)


def _summary(plan: Plan, blocks, figures, lang: str) -> Section:
    rows = plan_summary_rows(plan, people=False, lang=lang)
    done = presenters.completeness(blocks)
    lines = [
        ngettext(
            "The evaluation of %(complete)s of %(total)s outcome is fully planned.",
            "The evaluation of %(complete)s of %(total)s outcomes is fully planned.",
            done.total,
        )
        % {"complete": done.complete, "total": done.total}
    ]
    counted: dict[str, int] = {}
    for indicator in figures:
        counted[indicator.status_label] = counted.get(indicator.status_label, 0) + 1
    if counted:
        lines.append(
            _("Indicators by progress: %(counts)s.")
            % {"counts": "; ".join(f"{label}: {n}" for label, n in counted.items())}
        )
    return Section(
        _("Summary"),
        2,
        [
            Table(
                _("The plan in brief"),
                [],
                [[row["key"], written(row["value"], row["lang"])] for row in rows],
            ),
            *(Paragraph(line) for line in lines),
        ],
    )


def _chain_sections(plan: Plan, chain: Chain, lang: str) -> list[Section]:
    title = _("Theory of Change for %(title)s") % {"title": plan.title}
    diagram = Section(_("Theory of Change diagram"), 2)
    if chain.is_empty:
        diagram.parts.append(Paragraph(_("The Theory of Change has nothing in it yet.")))
        return [diagram]
    figure = Figure(
        svg=chain_svg(chain, title=title, id_prefix="report-toc", lang=lang),
        alt=_(
            "%(title)s: activities lead to outputs, outputs to outcomes and outcomes to the "
            "long-term impact. The next section gives the same chain as text."
        )
        % {"title": title},
        size="wide",
    )
    if figure.legible:
        diagram.parts.append(figure)
    else:
        diagram.parts.append(
            Paragraph(
                _(
                    "The diagram is too large to print legibly on one page, so it is left out "
                    "here: the chain as text below holds all of it, and the plan's page in IOI "
                    "Planner shows the diagram in full."
                )
            )
        )
    tree = chain_tree(chain)

    def lines(item) -> str:
        return "\n".join([f"{item.label}: {item.text}", *item.details])

    rows = [
        [
            lines(entry["item"]),
            "\n".join(lines(o["item"]) for o in entry["outputs"]) or NOT_GIVEN,
            "\n".join(lines(a) for o in entry["outputs"] for a in o["activities"]) or NOT_GIVEN,
        ]
        for entry in tree["outcomes"]
    ]
    loose = [lines(o["item"]) for o in tree["unlinked_outputs"]]
    loose += [lines(a) for a in tree["unlinked_activities"]]
    text = Section(
        _("The chain as text"),
        2,
        [
            Paragraph(_("Long-term impact: %(impact)s") % {"impact": chain.impact or NOT_GIVEN}),
            Table(
                _("Each outcome, the outputs that serve it and the activities behind them"),
                [_("Outcome and its indicators"), _("Outputs"), _("Activities and inputs")],
                rows,
            ),
        ],
    )
    if loose:
        text.parts += [
            Paragraph(_("Not linked to an outcome yet:")),
            Bullets(loose),
        ]
    return [diagram, text]


def _context_sections(plan: Plan, chain: Chain, lang: str) -> list[Section]:
    barriers = [written(b.text, lang) for b in plan.barriers.all()]
    assumptions = plan_assumptions(plan, chain)
    stakeholders = stakeholder_table(plan.stakeholders.all())
    results = principle_check(plan)
    sections = [
        Section(
            _("Barriers"),
            2,
            [Bullets(barriers) if barriers else Paragraph(_("No barriers recorded yet."))],
        ),
        Section(
            _("Assumptions and evidence"),
            2,
            [
                Table(
                    _("Assumptions, what each is attached to, and the evidence for it"),
                    [_("Assumption"), _("Attached to"), _("Evidence")],
                    [
                        [
                            written(a["text"], lang),
                            a["attached_to"],
                            "\n".join(a["evidence"]) or NOT_GIVEN,
                        ]
                        for a in assumptions
                    ],
                )
                if assumptions
                else Paragraph(_("No assumptions recorded yet."))
            ],
        ),
        Section(
            _("Stakeholders"),
            2,
            [
                Table(
                    _("Stakeholders"),
                    stakeholders.headers,
                    [[written(row[0], lang), *row[1:]] for row in stakeholders.rows],
                )
                if stakeholders.rows
                else Paragraph(_("No stakeholders recorded yet.")),
                *(
                    [Paragraph(_("Agreed with them: %(text)s") % {"text": text})]
                    if (text := plan.stakeholder_agreement)
                    else []
                ),
            ],
        ),
        Section(
            _("Principle check"),
            2,
            [
                Table(
                    _("The plan against the framework's principles"),
                    [_("Principle"), _("Result"), _("What is missing")],
                    [
                        [
                            str(r.name),
                            _("Met")
                            if r.met
                            else ngettext("%(count)s gap", "%(count)s gaps", len(r.gaps))
                            % {"count": len(r.gaps)},
                            "\n".join(gap.text for gap in r.gaps) or _("Nothing is missing here."),
                        ]
                        for r in results
                    ],
                )
            ],
        ),
    ]
    return sections


def _evaluation_sections(blocks) -> list[Section]:
    sections = [
        Section(
            _("Evaluation plan"),
            2,
            [
                Paragraph(
                    _(
                        "One table for each outcome, in the rows of Annex 1 of the Theory of "
                        "Change Guide Part B."
                    )
                )
            ]
            if blocks
            else [Paragraph(_("The plan has no intermediate outcomes yet."))],
        )
    ]
    not_planned = []
    for block in blocks:
        if not block.planned:
            not_planned.append(
                _("Outcome %(number)s: %(text)s")
                % {"number": block.number, "text": block.outcome.text}
            )
            continue
        rows = [[row.label, row.text] for row in block.rows if row.filled]
        parts: list = [Table(_("Outcome %(number)s") % {"number": block.number}, [], rows)]
        if block.missing:
            parts.append(
                Paragraph(_("Still to plan: %(rows)s.") % {"rows": ", ".join(block.missing)})
            )
        sections.append(
            Section(
                _("Outcome %(number)s: %(text)s")
                % {"number": block.number, "text": block.outcome.text},
                3,
                parts,
            )
        )
    if not_planned:
        sections.append(
            Section(_("Outcomes whose evaluation is not planned yet"), 3, [Bullets(not_planned)])
        )
    return sections


def plan_report(plan: Plan) -> Report:
    """The report of a plan read by `selectors.report_plan`, in a fixed number of queries."""
    blocks = presenters.evaluation_blocks(plan)
    figures = progress.indicator_progress(plan)
    chain = chain_from_plan(plan)
    # The plan's text is marked with its language where that is not the report's.
    lang = content_lang(plan.language)
    report = Report(
        title=_("Plan report: %(title)s") % {"title": plan.title},
        author=plan.team.organisation.name,
        subject=_("Theory of Change, evaluation plan and progress"),
        facts=_cover(plan),
        sections=[
            _summary(plan, blocks, figures, lang),
            *_chain_sections(plan, chain, lang),
            *_context_sections(plan, chain, lang),
            *_evaluation_sections(blocks),
            *progress_sections(figures),
        ],
        licence=_(
            "The evaluation planning rows follow Annex 1 of the Home Office Indicators of "
            "Integration Theory of Change Guide Part B. Framework content is © Crown copyright, "
            "used under the Open Government Licence v3.0: "
            "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
        ),
    )
    for number, figure in enumerate(figures_of(report), start=1):
        figure.number = number
    return report
