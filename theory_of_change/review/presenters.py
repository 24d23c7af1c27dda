"""Shape the review page: the plan section by section (the wizard's steps), each with its
comment threads, and the decisions open to the user. Reads prefetched data only."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from theory_of_change.chain import chain_from_plan
from theory_of_change.models import Plan, ReviewComment
from theory_of_change.presenters import NOT_GIVEN, domain_name, plan_assumptions, plan_stakeholders
from theory_of_change.principles import principle_check
from theory_of_change.review.forms import CommentForm, ReplyForm, TransitionForm
from theory_of_change.review.workflow import Transition
from theory_of_change.shape import ANSWER_LABELS
from theory_of_change.steps import STEPS


@dataclass
class Thread:
    comment: ReviewComment
    replies: list[ReviewComment]
    resolve_url: str
    reply_form: ReplyForm | None


@dataclass
class ReviewSection:
    slug: str
    title: str
    rows: list[dict]
    threads: list[Thread] = field(default_factory=list)
    open_count: int = 0
    comment_form: CommentForm | None = None
    principles: list | None = None


def _rows(*pairs) -> list[dict]:
    return [{"key": key, "value": value or NOT_GIVEN} for key, value in pairs]


def section_rows(plan: Plan) -> dict[str, list[dict]]:
    """What each section of the plan says, as summary-list rows."""
    chain = chain_from_plan(plan)
    labels = chain.labels()
    return {
        "plan": _rows(
            (ANSWER_LABELS["title"], plan.title),
            (_("Team"), plan.team.name),
            (_("Owner"), str(plan.owner)),
            (_("Collaborators"), "\n".join(str(c) for c in plan.collaborators.all())),
            (ANSWER_LABELS["place"], plan.place),
            (ANSWER_LABELS["intervention_kind"], plan.get_intervention_kind_display()),
            (ANSWER_LABELS["audience"], plan.audience),
        ),
        "problem-and-impact": _rows(
            (ANSWER_LABELS["problem"], plan.problem),
            (ANSWER_LABELS["impact"], plan.impact),
        ),
        "domains": _rows((_("Domains"), "\n".join(domain_name(d) for d in plan.domains.all()))),
        "outcomes": _rows(
            *(
                (
                    item.label,
                    "\n".join(
                        [
                            item.text,
                            *item.details,
                            _("Baseline: %(value)s") % {"value": outcome.baseline or NOT_GIVEN},
                            _("Target: %(value)s") % {"value": outcome.target or NOT_GIVEN},
                        ]
                    ),
                )
                for item, outcome in zip(chain.outcomes, plan.outcomes.all(), strict=True)
            )
        ),
        "outputs": _rows(
            *(
                (
                    item.label,
                    "\n".join(
                        [
                            item.text,
                            _("Serves: %(outcomes)s")
                            % {
                                "outcomes": ", ".join(labels[k] for k in item.leads_to) or NOT_GIVEN
                            },
                        ]
                    ),
                )
                for item in chain.outputs
            )
        ),
        "activities": _rows(
            *(
                (
                    item.label,
                    "\n".join(
                        [
                            item.text,
                            *item.details,
                            _("Leads to: %(outputs)s")
                            % {"outputs": ", ".join(labels[k] for k in item.leads_to) or NOT_GIVEN},
                        ]
                    ),
                )
                for item in chain.activities
            )
        ),
        "barriers-and-assumptions": _rows(
            *((_("Barrier"), barrier.text) for barrier in plan.barriers.all()),
            *(
                (
                    _("Assumption"),
                    "\n".join([a["text"], a["attached_to"], *a["evidence"]]),
                )
                for a in plan_assumptions(plan, chain)
            ),
        ),
        "stakeholders": _rows(
            *(
                (s["name"], f"{s['kind']}\n{s['responsibility']}\n{s['involvement']}")
                for s in plan_stakeholders(plan)
            ),
            (ANSWER_LABELS["stakeholder_agreement"], plan.stakeholder_agreement),
        ),
        "check-and-share": [],
    }


def _url(name: str, **kwargs) -> str:
    return reverse(f"theory_of_change:{name}", kwargs=kwargs)


def review_sections(
    plan: Plan, *, may_comment: bool, bound: dict[str, object] | None = None
) -> list[ReviewSection]:
    """The plan's sections with their threads. `bound` holds a form that was sent with errors,
    keyed "comment-<section>" or "reply-<comment id>", to show in place of the empty one."""
    bound = bound or {}
    threads: dict[str, list[Thread]] = {step.slug: [] for step in STEPS}
    by_id: dict[int, Thread] = {}
    for comment in plan.comments:  # oldest first, so a thread exists before its replies
        if comment.parent_id is None:
            thread = Thread(
                comment=comment,
                replies=[],
                resolve_url=_url("review_comment_resolve", plan_id=plan.pk, comment_id=comment.pk),
                reply_form=None,
            )
            if may_comment:
                thread.reply_form = bound.get(f"reply-{comment.pk}") or ReplyForm(
                    comment=comment,
                    action=_url("review_comment_reply", plan_id=plan.pk, comment_id=comment.pk),
                )
            by_id[comment.pk] = thread
            threads.setdefault(comment.section, []).append(thread)
        elif comment.parent_id in by_id:
            by_id[comment.parent_id].replies.append(comment)
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
            section.comment_form = bound.get(f"comment-{step.slug}") or CommentForm(
                section=step.slug,
                action=_url("review_comment_add", plan_id=plan.pk, section=step.slug),
            )
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
