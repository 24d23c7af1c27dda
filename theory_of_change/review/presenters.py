"""Shape the review page: the plan section by section (the wizard's steps), each with its
comment threads, and the decisions open to the user. Reads prefetched data only."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ioi_planner.addresses import address_for_each
from ioi_planner.text import html_format, lines_html, written, written_html
from theory_of_change.chain import KEY_PREFIX, chain_from_plan, chain_key, indicator_text
from theory_of_change.models import Plan
from theory_of_change.part_values import part_lines, related, shown, text_of
from theory_of_change.presenters import NOT_GIVEN, content_lang, domain_name, plan_assumptions
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
    """A comment and its replies as the review page shows them. Everything but the comment is
    safe HTML made here with html_format, once per thread, rather than by the template engine:
    a large plan's review has hundreds of threads, and the engine took about 80 µs for each."""

    comment: CommentRow
    anchor: str
    heading: SafeString  # who wrote it and when, open or resolved (by whom)
    text: SafeString  # the comment escaped, its line breaks kept (text.lines_html)
    actions: SafeString  # its Reply link and Mark as resolved button; empty: the user may read
    replies: list[SafeString] = field(default_factory=list)  # each as REPLY_HTML

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


SUMMARY_ROW = (
    '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{}</dt>'
    '<dd class="govuk-summary-list__value">{}</dd></div>'
)


def _value_html(value) -> SafeString:
    """A row's value: text (Written text people wrote in another language marked with it), or
    a (text, more lines) pair: a part's own text, then what the page says of it."""
    if isinstance(value, tuple):
        own, rest = value
        html = written_html(own or NOT_GIVEN)
        return SafeString(f"{html}<br>{lines_html(rest)}") if rest else html
    return written_html(value or NOT_GIVEN)


def _rows(*pairs) -> SafeString:
    """Read-only summary-list rows as HTML: each key escaped, each value escaped with its line
    breaks kept. Made here in one pass rather than by the template engine row by row: a large
    plan's review has hundreds of rows, and the engine took about 13 µs for each."""
    language = get_language()
    return SafeString(
        "\n".join(
            html_format(SUMMARY_ROW, text_of(key, language), _value_html(value))
            for key, value in pairs
        )
    )


def section_rows(plan: Plan) -> dict[str, SafeString]:
    """What each section of the plan says, as summary-list rows: the section's answers and
    parts as shape.py declares them, with what a plan shows besides (its team, its domains, an
    outcome's indicators, what an assumption is about and its evidence)."""
    chain = chain_from_plan(plan)
    labels = chain.labels()
    # What people wrote, marked with the plan's language where it is not the reader's.
    lang = content_lang(plan.language)

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
            (
                answer.label,
                shown(answer, getattr(plan, answer.name))
                if answer.choices
                else written(getattr(plan, answer.name), lang),
            )
            for answer in section.answers
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
                        _own_text_marked(
                            part_lines(
                                kind,
                                part,
                                linked,
                                not_given=NOT_GIVEN,
                                extra=extra_lines(kind, part),
                            ),
                            lang,
                        ),
                    )
                )
        rows[section.slug] = _rows(*pairs)
    return rows


def _own_text_marked(lines: str, lang: str):
    """A part's lines (part_values.part_lines: its own text first) with its own text marked."""
    if not lang:
        return lines
    own, _newline, rest = lines.partition("\n")
    return (written(own, lang), rest)


def _url(name: str, **kwargs) -> str:
    return reverse(f"theory_of_change:{name}", kwargs=kwargs)


def _comment_urls(name: str, plan: Plan) -> Callable[[int], str]:
    """The address of `name` for each comment of the plan, reversed once."""
    return address_for_each(f"theory_of_change:{name}", "comment_id", plan_id=plan.pk)


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
REPLY_LINK = (
    '<ul class="govuk-list app-review-thread__actions"><li><a class="govuk-link" href="{}">{}'
    '<span class="govuk-visually-hidden"> {}</span></a></li></ul>'
)
RESOLVE_FORM = (
    '<form method="post" action="{}" novalidate>'
    '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
    '<button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"'
    ' data-module="govuk-button">{}<span class="govuk-visually-hidden"> {}</span></button></form>'
)


class _ThreadWriter:
    """Writes a page's threads: its strings translated and its addresses reversed once."""

    def __init__(self, plan: Plan, *, may_comment: bool, csrf_token: str):
        self.resolve_url = _comment_urls("review_comment_resolve", plan)
        self.reply_url = _comment_urls("review_comment_reply", plan)
        self.may_comment = may_comment
        self.csrf_token = csrf_token
        self.reply_from = _("Reply from %(who)s, %(when)s")
        self.resolved_by = _("by %(who)s")
        self.resolved, self.still_open = _("Resolved"), _("Open")
        self.reply, self.reply_to = _("Reply"), _("to the comment by %(who)s")
        self.resolve, self.resolve_it = _("Mark as resolved"), _("(comment by %(who)s)")
        self.months = month_names()
        self.zone = timezone.get_current_timezone()

    def when(self, comment: CommentRow) -> str:
        return posted_at(comment.created_at, self.months, self.zone)

    def thread(self, comment: CommentRow) -> Thread:
        who = {"who": comment.author}
        if comment.resolved_at:
            heading = html_format(
                RESOLVED_HEADING,
                comment.author,
                self.when(comment),
                self.resolved,
                self.resolved_by % {"who": comment.resolved_by},
            )
        else:
            heading = html_format(OPEN_HEADING, comment.author, self.when(comment), self.still_open)
        actions = SafeString("")
        if self.may_comment:
            actions = html_format(
                REPLY_LINK, self.reply_url(comment.pk), self.reply, self.reply_to % who
            )
            if not comment.resolved_at:
                actions += html_format(
                    RESOLVE_FORM,
                    self.resolve_url(comment.pk),
                    self.csrf_token,
                    self.resolve,
                    self.resolve_it % who,
                )
        return Thread(
            comment=comment,
            anchor=anchor(comment.pk),
            heading=heading,
            text=lines_html(comment.text),
            actions=actions,
        )

    def reply_html(self, comment: CommentRow) -> SafeString:
        return html_format(
            REPLY_HTML,
            anchor(comment.pk),
            self.reply_from % {"who": comment.author, "when": self.when(comment)},
            lines_html(comment.text),
        )


def review_sections(plan: Plan, *, may_comment: bool, csrf_token: str) -> list[ReviewSection]:
    """The plan's sections with their threads. Comments and replies are written on pages of
    their own: the review page links to them, so it renders no form per thread but the button
    that marks it resolved (`csrf_token`: the request's, for that form)."""
    writer = _ThreadWriter(plan, may_comment=may_comment, csrf_token=csrf_token)
    threads: dict[str, list[Thread]] = {step.slug: [] for step in STEPS}
    by_id: dict[int, Thread] = {}
    for comment in plan.comments:  # oldest first, so a thread exists before its replies
        if comment.parent_id is None:
            thread = by_id[comment.pk] = writer.thread(comment)
            threads.setdefault(comment.section, []).append(thread)
        elif comment.parent_id in by_id:
            by_id[comment.parent_id].replies.append(writer.reply_html(comment))
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
