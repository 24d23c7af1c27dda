"""The wizard's steps, declared once and in order: backwards from the long-term impact.

Each step's status is derived from the plan's data every time it is shown; nothing about
progress is stored. The status functions expect a plan fetched with
selectors.plan_with_parts (its parts prefetched), so the task list costs a fixed number of
queries however large the plan.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from theory_of_change.models import Plan
from theory_of_change.part_values import related

REQUIRED_DOMAIN_TYPES = ["markers-and-means", "social-connections", "facilitators", "foundation"]


class Status(Enum):
    NOT_STARTED = _("Not started")
    IN_PROGRESS = _("In progress")
    COMPLETED = _("Completed")

    @property
    def label(self) -> str:
        return str(self.value)

    @property
    def tag_classes(self) -> str:
        return {
            Status.NOT_STARTED: "govuk-tag--grey",
            Status.IN_PROGRESS: "govuk-tag--light-blue",
            Status.COMPLETED: "",
        }[self]


def _of(filled: int, total: int) -> Status:
    if filled == 0:
        return Status.NOT_STARTED
    return Status.COMPLETED if filled == total else Status.IN_PROGRESS


def plan_details_status(plan: Plan) -> Status:
    answers = [plan.title, plan.place, plan.intervention_kind, plan.audience]
    return _of(sum(1 for answer in answers if answer), len(answers))


def problem_impact_status(plan: Plan) -> Status:
    answers = [plan.problem, plan.impact]
    return _of(sum(1 for answer in answers if answer), len(answers))


def domain_types_covered(plan: Plan) -> set[str]:
    return {domain.type.slug for domain in plan.domains.all()}


def domains_status(plan: Plan) -> Status:
    covered = domain_types_covered(plan) & set(REQUIRED_DOMAIN_TYPES)
    return _of(len(covered), len(REQUIRED_DOMAIN_TYPES))


def _items_status(items: list, complete: Callable[[object], bool]) -> Status:
    """No items: not started; every item complete: completed; otherwise in progress."""
    if not items:
        return Status.NOT_STARTED
    return Status.COMPLETED if all(complete(item) for item in items) else Status.IN_PROGRESS


def outcomes_status(plan: Plan) -> Status:
    return _items_status(list(plan.outcomes.all()), lambda o: bool(related(o, "indicators")))


def outputs_status(plan: Plan) -> Status:
    return _items_status(list(plan.outputs.all()), lambda o: bool(related(o, "outcomes")))


def activities_status(plan: Plan) -> Status:
    return _items_status(list(plan.activities.all()), lambda a: bool(related(a, "outputs")))


def barriers_assumptions_status(plan: Plan) -> Status:
    barriers = list(plan.barriers.all())
    assumptions = list(plan.assumptions.all())
    if not barriers and not assumptions:
        return Status.NOT_STARTED
    if assumptions and all(related(a, "evidence") for a in assumptions):
        return Status.COMPLETED
    return Status.IN_PROGRESS


def stakeholders_status(plan: Plan) -> Status:
    stakeholders = list(plan.stakeholders.all())
    if not stakeholders and not plan.stakeholder_agreement:
        return Status.NOT_STARTED
    if stakeholders and plan.stakeholder_agreement:
        return Status.COMPLETED
    return Status.IN_PROGRESS


def check_share_status(plan: Plan) -> Status:
    return Status.COMPLETED if plan.shared_with_team else Status.NOT_STARTED


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    hint: str
    status: Callable[[Plan], Status]

    def url(self, plan: Plan) -> str:
        return reverse("theory_of_change:plan_step", kwargs={"plan_id": plan.pk, "slug": self.slug})


STEPS: list[Step] = [
    Step(
        "plan",
        _("The plan"),
        _("Title, place, and who the intervention is for"),
        plan_details_status,
    ),
    Step(
        "problem-and-impact",
        _("The integration problem and the long-term impact"),
        _("What needs to change, and the change you want in the long run"),
        problem_impact_status,
    ),
    Step(
        "domains",
        _("Domains"),
        _("The areas of integration the plan works on"),
        domains_status,
    ),
    Step(
        "outcomes",
        _("Intermediate outcomes"),
        _("Short-term changes in behaviour, and the indicators that measure them"),
        outcomes_status,
    ),
    Step(
        "outputs",
        _("Outputs"),
        _("Countable products of the activities, tied to outcomes"),
        outputs_status,
    ),
    Step(
        "activities",
        _("Activities and inputs"),
        _("What is done, and with what funds, staff, equipment and materials"),
        activities_status,
    ),
    Step(
        "barriers-and-assumptions",
        _("Barriers, assumptions and evidence"),
        _("What could get in the way, what you take to be true, and why"),
        barriers_assumptions_status,
    ),
    Step(
        "stakeholders",
        _("Stakeholders"),
        _("Who shares the work, and what they have agreed"),
        stakeholders_status,
    ),
    Step(
        "check-and-share",
        _("Check and share"),
        _("Check the plan against the key principles and share it with your team"),
        check_share_status,
    ),
]

STEPS_BY_SLUG: dict[str, Step] = {step.slug: step for step in STEPS}


def step_number(slug: str) -> int:
    return [step.slug for step in STEPS].index(slug) + 1


def next_step(slug: str) -> Step | None:
    index = step_number(slug)
    return STEPS[index] if index < len(STEPS) else None


def previous_step(slug: str) -> Step | None:
    index = step_number(slug) - 2
    return STEPS[index] if index >= 0 else None


# The principle check (principles.py) names the section where each gap is fixed.
STEP_FOR_SECTION = {
    "plan": "plan",
    "problem": "problem-and-impact",
    "domains": "domains",
    "outcomes": "outcomes",
    "outputs": "outputs",
    "activities": "activities",
    "assumptions": "barriers-and-assumptions",
    "stakeholders": "stakeholders",
}
