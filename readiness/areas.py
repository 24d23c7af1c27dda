"""The readiness self-assessment's shape, declared once: the six areas in order, each with what
it is about and examples of challenges and of ways to plan around them (in the service's own
words), the rating scale explained, an assessment's snapshot (its content as a version keeps
it), and its sections for the difference engine (theory_of_change/history/compare.py).

The areas are those where councils told the practitioners' guide they met barriers to using
the framework; the guidance below paraphrases the idea, it does not quote the guide.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from theory_of_change import shape
from theory_of_change.history.compare import PartKind, Section

from .models import Action, Area, Assessment, Rating


@dataclass(frozen=True)
class AreaGuide:
    area: Area
    about: Promise
    challenges: tuple[Promise, ...]  # examples of challenges
    responses: tuple[Promise, ...]  # examples of ways to plan around them

    @property
    def slug(self) -> str:
        return self.area.value

    @property
    def title(self) -> str:
        return str(self.area.label)


AREAS: tuple[AreaGuide, ...] = (
    AreaGuide(
        Area.LEADERSHIP,
        _(
            "Whether someone owns integration work across the council, and whether services "
            "and partners outside the council work to the same picture."
        ),
        (
            _("Departments other than yours have not heard of the framework"),
            _("Health, housing and voluntary partners each plan on their own"),
        ),
        (
            _("Brief colleagues and your regional partnership on the framework and this service"),
            _("Set up a regular meeting or network that suits your area, with a named chair"),
        ),
    ),
    AreaGuide(
        Area.PRIORITIES,
        _(
            "Whether the team can agree what matters most when many needs arrive at once, and "
            "who has a say in that."
        ),
        (
            _("Urgent casework on arrival leaves no room to decide priorities"),
            _("Each service pushes its own priority"),
        ),
        (
            _(
                "Agree a short list of shared priorities with partners and with newcomers "
                "themselves, using a Theory of Change"
            ),
            _("Pick one domain of each type to start with, as in Exercise 1"),
        ),
    ),
    AreaGuide(
        Area.RESOURCES,
        _("Whether there is money, staff time and room to plan and evaluate, not only to deliver."),
        (
            _("Newcomers' needs compete with other residents' for the same budget"),
            _("Nobody has time set aside for planning or gathering data"),
        ),
        (
            _(
                "Design work that brings newcomers and long-standing residents together, so it "
                "serves the whole community"
            ),
            _("Set aside a few hours a month for one person to keep the plan and data up to date"),
        ),
    ),
    AreaGuide(
        Area.EVALUATION,
        _("Whether the council expects its integration work to be evaluated, and learns from it."),
        (
            _("Existing strategies have never been evaluated"),
            _("Evaluations only report success, so nothing is learned from what went wrong"),
        ),
        (
            _("Plan the evaluation while you plan the work, not afterwards"),
            _("Agree with your lead what a useful evaluation would tell you, good or bad"),
        ),
    ),
    AreaGuide(
        Area.DATA,
        _(
            "Whether the team can collect, keep and use the data its indicators need without "
            "too much effort."
        ),
        (
            _("Gathering and analysing data takes more time than anyone has"),
            _("It is unclear which indicators are worth measuring for a programme"),
        ),
        (
            _("Choose a few indicators from the bank that your existing records already cover"),
            _("Set up one simple, shared place for the data a plan needs"),
        ),
    ),
    AreaGuide(
        Area.UNDERSTANDING,
        _(
            "Whether people in the team and around it know the framework well enough to use it "
            "in their own work."
        ),
        (
            _("Only one person in the team knows the framework"),
            _("The framework is seen as a reporting exercise rather than a planning tool"),
        ),
        (
            _("Work through Exercise 1 together as a team"),
            _("Share a worked example plan with colleagues who are new to the framework"),
        ),
    ),
)

AREAS_BY_SLUG = {guide.slug: guide for guide in AREAS}

RATING_HELP = {
    Rating.NOT_YET: _("Nothing is in place yet, or only by chance"),
    Rating.PARTLY: _("Something is in place, but it is patchy, new or depends on one person"),
    Rating.ESTABLISHED: _("It works reliably and would carry on if people changed"),
}

# Where the answers of an area are kept in a snapshot.
ANSWER_FIELDS = (
    ("rating", _("Where the team stands"), Rating.choices),
    ("challenges", _("Challenges"), None),
    ("response", _("How the team will plan around them"), None),
)


def answer_key(area: str, name: str) -> str:
    return f"{area}.{name}"


def action_row(action: Action) -> dict:
    return {
        "id": action.pk,
        "text": action.text,
        "owner": action.owner.full_name or action.owner.email if action.owner else "",
        "due": action.due.isoformat(),
        "done": action.done_on.isoformat() if action.done_on else "",
        "plan": action.plan.title if action.plan else "",
    }


def assessment_snapshot(assessment: Assessment) -> dict:
    """The assessment's content, as a version keeps it."""
    answers: dict[str, str] = {}
    for answer in assessment.answers.all():
        for name, _label, _choices in ANSWER_FIELDS:
            answers[answer_key(answer.area, name)] = getattr(answer, name)
    actions = assessment.actions.select_related("owner", "plan").order_by("due", "pk")
    snapshot: dict = {"status": assessment.status, "answers": answers}
    for guide in AREAS:
        snapshot[f"actions.{guide.slug}"] = [
            action_row(action) for action in actions if action.area == guide.slug
        ]
    return snapshot


def _action_fields(row: dict, snapshot: dict) -> list[tuple[str, str]]:
    return [
        (str(_("Action")), row["text"]),
        (str(_("Owner")), row["owner"]),
        (str(_("Due by")), row["due"]),
        (str(_("Done on")), row["done"]),
        (str(_("Plan")), row["plan"]),
    ]


# The assessment's sections for the difference engine: an area's answers and its actions.
SECTIONS: list[Section] = [
    Section(
        guide.slug,
        [
            shape.Answer(answer_key(guide.slug, name), label, choices)
            for name, label, choices in ANSWER_FIELDS
        ],
        [
            PartKind(
                f"actions.{guide.slug}", _("Action"), _action_fields, _("actions"), ordered=False
            )
        ],
        title=guide.area.label,
    )
    for guide in AREAS
]
