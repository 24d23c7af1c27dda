"""The framework's four key principles, checked against a plan's own data.

A pure function over a plan whose parts are already fetched (see
`selectors.plan_for_display`): it reads only prefetched relations, so checking a plan costs no
queries of its own. Each gap names the part of the plan it is about, in words an officer can act
on, and the section of the plan where it is fixed.

The rules follow the practitioners' guide ("the key principles" and "how to use Theory of
Change"), in our own words:

- multi-dimensional: no single pathway, so a plan draws on a range of domains, across the types,
  and measures its outcomes in the domains it chose;
- multi-directional: newcomers and the receiving community both take part and both are measured;
- shared responsibility: public bodies, newcomers and the receiving community each have a role,
  agreed from the design stage, and take part in the evaluation;
- context specific: the plan says where and for whom, grounds its assumptions in evidence about
  the local situation and sets its own baselines and targets rather than universal ones.

A fifth check, not one of the framework's principles, follows the chain itself: impact, outcomes
with indicators, outputs that serve them and activities that lead to them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from domains.languages import text_in_language
from domains.models import DomainType
from theory_of_change.models import Plan, StakeholderKind
from theory_of_change.part_values import linked_ids, related

QUOTE_WORDS = 12

# Public bodies with a part in integration work, beside newcomers and the receiving community.
PUBLIC_BODY_KINDS = {StakeholderKind.STATUTORY, StakeholderKind.EDUCATION, StakeholderKind.HEALTH}

# Sections of a plan a gap is fixed in (the wizard maps them to its steps).
SECTION_PLAN = "plan"
SECTION_PROBLEM = "problem"
SECTION_DOMAINS = "domains"
SECTION_OUTCOMES = "outcomes"
SECTION_OUTPUTS = "outputs"
SECTION_ACTIVITIES = "activities"
SECTION_ASSUMPTIONS = "assumptions"
SECTION_STAKEHOLDERS = "stakeholders"


@dataclass(frozen=True)
class Gap:
    text: str
    section: str


@dataclass(frozen=True)
class PrincipleResult:
    key: str
    name: str
    description: str
    gaps: tuple[Gap, ...]

    @property
    def met(self) -> bool:
        return not self.gaps


PRINCIPLES = {
    "multi_dimensional": (
        gettext_lazy("Integration is multi-dimensional"),
        gettext_lazy(
            "There is no single path to integration. Draw on a range of domains, across the "
            "types, and measure outcomes in the domains you chose."
        ),
    ),
    "multi_directional": (
        gettext_lazy("Integration is multi-directional"),
        gettext_lazy(
            "Everyone adapts, not only newcomers. Involve the receiving community as well as "
            "newcomers, and measure change for both."
        ),
    ),
    "shared_responsibility": (
        gettext_lazy("Integration is a shared responsibility"),
        gettext_lazy(
            "Public bodies, newcomers and the receiving community all have a part. Agree who "
            "does what from the design stage, and include them in the evaluation."
        ),
    ),
    "context_specific": (
        gettext_lazy("Integration is context specific"),
        gettext_lazy(
            "There are no universal targets. Say where and for whom the work is, base your "
            "assumptions on evidence about your area and set your own baselines and targets."
        ),
    ),
    "chain": (
        gettext_lazy("The chain from activities to impact"),
        gettext_lazy(
            "Not one of the four principles, but what they rest on: every activity leads to an "
            "output, every output serves an outcome, every outcome has an indicator and leads "
            "to the long-term impact."
        ),
    ),
}


def principle_check(plan: Plan) -> list[PrincipleResult]:
    """The four key principles, then the chain, each with the gaps that keep it from being met."""
    parts = _Parts(plan)
    checks = {
        "multi_dimensional": _multi_dimensional,
        "multi_directional": _multi_directional,
        "shared_responsibility": _shared_responsibility,
        "context_specific": _context_specific,
        "chain": _chain,
    }
    results = []
    for key, check in checks.items():
        name, description = PRINCIPLES[key]
        results.append(
            PrincipleResult(key=key, name=name, description=description, gaps=tuple(check(parts)))
        )
    return results


class _Parts:
    """The plan's parts read once from the prefetched relations (`.all()` and
    `part_values.related` only)."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.domains = list(plan.domains.all())
        self.outcomes = list(plan.outcomes.all())
        self.outputs = list(plan.outputs.all())
        self.activities = list(plan.activities.all())
        self.barriers = list(plan.barriers.all())
        self.assumptions = list(plan.assumptions.all())
        self.stakeholders = list(plan.stakeholders.all())
        self.indicators_of = {o.pk: related(o, "indicators") for o in self.outcomes}
        self.outcome_ids_of = {p.pk: set(linked_ids(p, "outcomes")) for p in self.outputs}
        self.output_ids_of = {a.pk: set(linked_ids(a, "outputs")) for a in self.activities}
        self.evidence_of = {a.pk: related(a, "evidence") for a in self.assumptions}


def _quote(text: str) -> str:
    words = Truncator(" ".join(text.split())).words(QUOTE_WORDS, truncate="…")
    return f"‘{words}’"


def _list(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def _multi_dimensional(parts: _Parts):
    if not parts.domains:
        yield Gap(_("No domains are chosen yet"), SECTION_DOMAINS)
        return
    types = {d.type_id: d.type for d in parts.domains}
    if len(types) == 1:
        (only,) = types.values()
        yield Gap(
            _("Every chosen domain is of one type (%(type)s)") % {"type": only.name},
            SECTION_DOMAINS,
        )
    else:
        for domain_type in _all_types(parts):
            if domain_type.pk not in types:
                yield Gap(
                    _("No %(type)s domain is chosen")
                    % {"type": text_in_language(domain_type, "name")},
                    SECTION_DOMAINS,
                )
    measured = {i.domain_id for indicators in parts.indicators_of.values() for i in indicators}
    if measured:
        for domain in parts.domains:
            if domain.pk not in measured:
                yield Gap(
                    _("No outcome is measured in %(domain)s, a chosen domain")
                    % {"domain": text_in_language(domain, "name")},
                    SECTION_OUTCOMES,
                )


def _all_types(parts: _Parts) -> list[DomainType]:
    """The framework's domain types: fetched by `plan_for_display` with the plan, or read here
    (one query) for a plan fetched some other way."""
    all_types = getattr(parts.plan, "domain_types", None)
    if all_types is None:
        return list(DomainType.objects.order_by("order"))
    return all_types


def _kinds(parts: _Parts, *, kinds, flag: str | None = None) -> list:
    return [s for s in parts.stakeholders if s.kind in kinds and (flag is None or getattr(s, flag))]


def _multi_directional(parts: _Parts):
    groups = [
        (
            StakeholderKind.NEWCOMERS,
            _("No stakeholder is from the newcomers"),
            _("The newcomers are not involved in the evaluation"),
        ),
        (
            StakeholderKind.RECEIVING_COMMUNITY,
            _("No stakeholder is from the receiving community"),
            _("The receiving community is not involved in the evaluation"),
        ),
    ]
    anyone_evaluates = any(s.in_evaluation for s in parts.stakeholders)
    for kind, missing, not_evaluating in groups:
        if not _kinds(parts, kinds={kind}):
            yield Gap(missing, SECTION_STAKEHOLDERS)
        # When nobody evaluates, shared responsibility says so once, for everyone.
        elif anyone_evaluates and not _kinds(parts, kinds={kind}, flag="in_evaluation"):
            yield Gap(not_evaluating, SECTION_STAKEHOLDERS)


def _shared_responsibility(parts: _Parts):
    if not parts.stakeholders:
        yield Gap(_("No stakeholders are named yet"), SECTION_STAKEHOLDERS)
        return
    if not _kinds(parts, kinds=PUBLIC_BODY_KINDS):
        yield Gap(
            _(
                "No stakeholder is a statutory service or other public body, such as education "
                "or health"
            ),
            SECTION_STAKEHOLDERS,
        )
    for stakeholder in parts.stakeholders:
        if not stakeholder.responsibility.strip():
            yield Gap(
                _("Stakeholder %(name)s has no responsibility written")
                % {"name": _quote(stakeholder.name)},
                SECTION_STAKEHOLDERS,
            )
    if not any(s.in_design for s in parts.stakeholders):
        yield Gap(_("No stakeholder is involved in the design"), SECTION_STAKEHOLDERS)
    if not any(s.in_evaluation for s in parts.stakeholders):
        yield Gap(_("No stakeholder is involved in the evaluation"), SECTION_STAKEHOLDERS)
    if not parts.plan.stakeholder_agreement.strip():
        yield Gap(_("What the stakeholders have agreed is not recorded"), SECTION_STAKEHOLDERS)


def _context_specific(parts: _Parts):
    plan = parts.plan
    if not plan.place.strip():
        yield Gap(_("The place is not given"), SECTION_PLAN)
    if not plan.audience.strip():
        yield Gap(_("Who the plan is for is not described"), SECTION_PLAN)
    if not plan.problem.strip():
        yield Gap(_("The integration problem is not described"), SECTION_PROBLEM)
    if not parts.barriers:
        yield Gap(_("No barriers are named"), SECTION_ASSUMPTIONS)
    if not parts.assumptions:
        yield Gap(_("No assumptions are written"), SECTION_ASSUMPTIONS)
    elif not any(parts.evidence_of.values()):
        yield Gap(_("No assumption has evidence"), SECTION_ASSUMPTIONS)
    else:
        for assumption in parts.assumptions:
            if not parts.evidence_of[assumption.pk]:
                yield Gap(
                    _("Assumption %(text)s has no evidence") % {"text": _quote(assumption.text)},
                    SECTION_ASSUMPTIONS,
                )
    for outcome in parts.outcomes:
        missing = [
            label
            for label, value in ((_("baseline"), outcome.baseline), (_("target"), outcome.target))
            if not value.strip()
        ]
        if missing:
            yield Gap(
                _("Outcome %(text)s has no %(missing)s")
                % {"text": _quote(outcome.text), "missing": _(" or ").join(missing)},
                SECTION_OUTCOMES,
            )


def _chain(parts: _Parts):
    if not parts.plan.impact.strip():
        yield Gap(_("The long-term impact is not written"), SECTION_PROBLEM)
    if not parts.outcomes:
        yield Gap(_("No intermediate outcomes are written yet"), SECTION_OUTCOMES)
    served = set().union(*parts.outcome_ids_of.values())
    for outcome in parts.outcomes:
        if not parts.indicators_of[outcome.pk]:
            yield Gap(
                _("Outcome %(text)s has no indicator") % {"text": _quote(outcome.text)},
                SECTION_OUTCOMES,
            )
        if parts.outputs and outcome.pk not in served:
            yield Gap(
                _("No output serves outcome %(text)s") % {"text": _quote(outcome.text)},
                SECTION_OUTPUTS,
            )
    if not parts.outputs:
        yield Gap(_("No outputs are written yet"), SECTION_OUTPUTS)
    led_to = set().union(*parts.output_ids_of.values())
    for output in parts.outputs:
        if not parts.outcome_ids_of[output.pk]:
            yield Gap(
                _("Output %(text)s serves no outcome") % {"text": _quote(output.text)},
                SECTION_OUTPUTS,
            )
        if parts.activities and output.pk not in led_to:
            yield Gap(
                _("No activity leads to output %(text)s") % {"text": _quote(output.text)},
                SECTION_ACTIVITIES,
            )
    if not parts.activities:
        yield Gap(_("No activities are written yet"), SECTION_ACTIVITIES)
    for activity in parts.activities:
        if not parts.output_ids_of[activity.pk]:
            yield Gap(
                _("Activity %(text)s leads to no output") % {"text": _quote(activity.text)},
                SECTION_ACTIVITIES,
            )
        if not activity.inputs.strip():
            yield Gap(
                _("Activity %(text)s has no inputs listed") % {"text": _quote(activity.text)},
                SECTION_ACTIVITIES,
            )
