"""Shape the review page: the plan section by section (the wizard's steps), each with its
comment threads, and the decisions open to the user. Reads prefetched data only."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ioi_planner.text import lines_html
from theory_of_change.chain import KEY_PREFIX, chain_from_plan, chain_key, indicator_text
from theory_of_change.models import Plan
from theory_of_change.part_values import part_lines, related, shown, text_of
from theory_of_change.presenters import NOT_GIVEN, domain_name, plan_assumptions
from theory_of_change.principles import principle_check
from theory_of_change.review.forms import TransitionForm
from theory_of_change.review.selectors import CommentRow
from theory_of_change.review.workflow import Transition
from theory_of_change.shape import SECTIONS, PartKind
from theory_of_change.steps import STEPS


def anchor(pk: int) -> str:
    """The id of a comment's element on the review page, which links to it by "#comment-<id>"
    (a string made here: the template engine formats a number as a localised number)."""
    return f"comment-{pk}"


# A reply under its comment: its anchor, "Reply from Sam, 4 December 2026, 09:30", its text.
REPLY_HTML = (
    '<div class="app-review-reply govuk-!-margin-left-4" id="{}">'
    '<p class="govuk-body-s govuk-!-margin-bottom-1">{}</p><p class="govuk-body">{}</p></div>'
)


@dataclass
class Thread:
    """A comment and its replies as the review page shows them: the text around each name
    and date is worked out here once per page, not by the template per thread."""

    comment: CommentRow
    anchor: str
    # Safe HTML: who wrote the comment and when, and whether it is open or resolved (by whom),
    # made here with format_html rather than by the template engine thread by thread.
    heading: SafeString
    text: SafeString  # the comment escaped, its line breaks kept (text.lines_html)
    reply_hidden: str  # what a screen reader hears after "Reply"
    resolve_hidden: str  # and after "Mark as resolved"
    resolve_url: str
    reply_url: str | None  # None: the user may read, not comment
    # Each reply as safe HTML (REPLY_HTML), made with format_html like the heading.
    replies: list[SafeString] = field(default_factory=list)

    @property
    def replies_html(self) -> SafeString:
        return SafeString("".join(self.replies))


@dataclass
class ReviewSection:
    slug: str
    title: str
    rows: SafeString  # the summary list's rows (presenters._rows); empty: nothing to show
    threads: list[Thread] = field(default_factory=list)
    open_count: int = 0
    comment_url: str | None = None  # None: the user may read, not comment
    principles: list | None = None


def _rows(*pairs) -> SafeString:
    """Read-only summary-list rows as HTML: each key escaped, each value escaped with its line
    breaks kept. Made here in one pass rather than by the template engine row by row: a large
    plan's review has hundreds of rows, and the engine took about 13 µs for each."""
    return format_html_join(
        "\n",
        '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{}</dt>'
        '<dd class="govuk-summary-list__value">{}</dd></div>',
        ((text_of(key), lines_html(value or NOT_GIVEN)) for key, value in pairs),
    )


def section_rows(plan: Plan) -> dict[str, SafeString]:
    """What each section of the plan says, as summary-list rows: the section's answers and
    parts as shape.py declares them, with what a plan shows besides (its team, its domains, an
    outcome's indicators, what an assumption is about and its evidence)."""
    chain = chain_from_plan(plan)
    labels = chain.labels()

    def linked(to: str, ids: list[int]) -> str:
        return ", ".join(labels[chain_key(to, pk)] for pk in ids)

    about_assumption = dict(
        zip((a.pk for a in plan.assumptions.all()), plan_assumptions(plan, chain), strict=True)
    )
    extra_rows = {
        "plan": [
            (_("Team"), plan.team.name),
            (_("Owner"), str(plan.owner)),
            (_("Collaborators"), "\n".join(str(c) for c in plan.collaborators.all())),
        ],
        "domains": [(_("Domains"), "\n".join(domain_name(d) for d in plan.domains.all()))],
    }

    indicator_line = _("Indicator: %(indicator)s")

    def extra_lines(kind: PartKind, part) -> list[str]:
        if kind.key == "outcomes":
            return [
                indicator_line % {"indicator": indicator_text(i)}
                for i in related(part, "indicators")
            ]
        if kind.key == "assumptions":
            about = about_assumption[part.pk]
            return [about["attached_to"], *about["evidence"]]
        return []

    rows: dict[str, SafeString] = {}
    for section in SECTIONS:
        pairs = [
            (answer.label, shown(answer, getattr(plan, answer.name))) for answer in section.answers
        ]
        if section.slug == "check-and-share":
            pairs = []  # sharing is shown by the page's own status, not as a row
        pairs += extra_rows.get(section.slug, [])
        for kind in section.parts:
            for part in getattr(plan, kind.key).all():
                pairs.append(
                    (
                        labels.get(chain_key(kind.key, part.pk), kind.label)
                        if kind.key in KEY_PREFIX
                        else kind.label,
                        part_lines(
                            kind,
                            part,
                            linked,
                            not_given=NOT_GIVEN,
                            extra=extra_lines(kind, part),
                        ),
                    )
                )
        rows[section.slug] = _rows(*pairs)
    return rows


def _url(name: str, **kwargs) -> str:
    return reverse(f"theory_of_change:{name}", kwargs=kwargs)


_SLOT = 987654321  # stands for a comment's id in an address worked out once


def _comment_urls(name: str, plan: Plan) -> Callable[[int], str]:
    """The address of `name` for each comment of the plan: reversed once, not per comment (a
    large plan's review page has hundreds of threads)."""
    pattern = _url(name, plan_id=plan.pk, comment_id=_SLOT)
    head, tail = pattern.split(str(_SLOT))
    return lambda pk: f"{head}{pk}{tail}"


def month_names() -> dict[int, str]:
    """The months' names in the active language, translated once for a page of many dates."""
    return {number: str(name) for number, name in MONTHS.items()}


def posted_at(moment: datetime, months: dict[int, str], zone: tzinfo | None = None) -> str:
    """A comment's time as the service writes times ("4 December 2026, 09:30": the date
    filter's "j F Y, H:i", in local time; `zone`: the current time zone, if already known)."""
    local = timezone.localtime(moment, zone)
    return f"{local.day} {months[local.month]} {local.year}, {local:%H:%M}"


OPEN_HEADING = '<strong>{}</strong>, {} <strong class="govuk-tag govuk-tag--yellow">{}</strong>'
RESOLVED_HEADING = (
    '<strong>{}</strong>, {} <strong class="govuk-tag govuk-tag--green">{}</strong> {}'
)


def review_sections(plan: Plan, *, may_comment: bool) -> list[ReviewSection]:
    """The plan's sections with their threads. Comments and replies are written on pages of
    their own: the review page links to them, so it renders no form per thread."""
    resolve_url = _comment_urls("review_comment_resolve", plan)
    reply_url = _comment_urls("review_comment_reply", plan)
    reply_from = _("Reply from %(who)s, %(when)s")
    resolved_by = _("by %(who)s")
    resolved, still_open = _("Resolved"), _("Open")
    reply_to = _("to the comment by %(who)s")
    resolve_it = _("(comment by %(who)s)")
    months = month_names()
    zone = timezone.get_current_timezone()
    threads: dict[str, list[Thread]] = {step.slug: [] for step in STEPS}
    by_id: dict[int, Thread] = {}
    for comment in plan.comments:  # oldest first, so a thread exists before its replies
        if comment.parent_id is None:
            who = {"who": comment.author}
            thread = Thread(
                comment=comment,
                anchor=anchor(comment.pk),
                heading=(
                    format_html(
                        RESOLVED_HEADING,
                        comment.author,
                        posted_at(comment.created_at, months, zone),
                        resolved,
                        resolved_by % {"who": comment.resolved_by},
                    )
                    if comment.resolved_at
                    else format_html(
                        OPEN_HEADING,
                        comment.author,
                        posted_at(comment.created_at, months, zone),
                        still_open,
                    )
                ),
                text=lines_html(comment.text),
                reply_hidden=reply_to % who,
                resolve_hidden=resolve_it % who,
                resolve_url=resolve_url(comment.pk),
                reply_url=reply_url(comment.pk) if may_comment else None,
            )
            by_id[comment.pk] = thread
            threads.setdefault(comment.section, []).append(thread)
        elif comment.parent_id in by_id:
            by_id[comment.parent_id].replies.append(
                format_html(
                    REPLY_HTML,
                    anchor(comment.pk),
                    reply_from
                    % {"who": comment.author, "when": posted_at(comment.created_at, months, zone)},
                    lines_html(comment.text),
                )
            )
    rows = section_rows(plan)
    sections = []
    for step in STEPS:
        section = ReviewSection(
            slug=step.slug,
            title=str(step.title),
            rows=rows[step.slug],
            threads=threads[step.slug],
            open_count=sum(1 for t in threads[step.slug] if t.comment.resolved_at is None),
        )
        if step.slug == "check-and-share":
            section.title = _("Principle check")
            section.principles = principle_check(plan)
        if may_comment:
            section.comment_url = _url("review_comment_add", plan_id=plan.pk, section=step.slug)
        sections.append(section)
    return sections


def decision_forms(plan: Plan, transitions: list[Transition]) -> list[TransitionForm]:
    return [
        TransitionForm(
            plan=plan,
            transition=t,
            action=_url("plan_transition", plan_id=plan.pk, slug=t.slug),
        )
        for t in transitions
    ]
