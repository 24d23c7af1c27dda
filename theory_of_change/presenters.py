"""Shape plans (and worked examples) for their templates, so the templates only loop and branch.

Everything here reads prefetched relations only (`.all()`), so presenting a plan from
`selectors.plan_for_display` costs no queries however many parts it has.
"""

from django.utils import translation
from django.utils.translation import gettext as _

from domains.languages import numbered_name, text_in_language
from domains.models import Domain
from theory_of_change.chain import Chain, chain_from_plan, chain_tree
from theory_of_change.diagram import chain_svg
from theory_of_change.examples.catalogue import Example, example_chain
from theory_of_change.models import (
    EvidenceKind,
    EvidenceStrength,
    InterventionKind,
    Plan,
    PlanLanguage,
)
from theory_of_change.part_values import PartTable, choice_label, part_table, related
from theory_of_change.principles import principle_check
from theory_of_change.shape import ANSWER_LABELS, STAKEHOLDERS

NOT_GIVEN = "–"


def content_lang(language: str) -> str:
    """The code to mark a plan's text with on this page (`written_in`): its language when that
    is not the page's; empty when it is, or when the plan is written in both."""
    code = PlanLanguage.code(language)
    return code if code and code != translation.get_language() else ""


def summary_rows(
    *,
    team: str | None,
    owner: str | None,
    place: str,
    kind: str,
    audience: str,
    problem: str,
    impact: str,
    domains: list[str],
    lang: str = "",
) -> list[dict]:
    """A plan's summary as rows for components/summary_list.html (rows given as None are left
    out: a worked example has no team or owner); the rows people wrote marked `lang`."""
    rows = [
        (_("Team"), team, ""),
        (_("Owner"), owner, ""),
        (ANSWER_LABELS["place"], place, lang),
        (ANSWER_LABELS["intervention_kind"], kind, ""),
        (ANSWER_LABELS["audience"], audience, lang),
        (ANSWER_LABELS["problem"], problem, lang),
        (ANSWER_LABELS["impact"], impact, lang),
        (_("Domains"), "\n".join(domains), ""),
    ]
    return marked_rows([row for row in rows if row[1] is not None])


def marked_rows(rows) -> list[dict]:
    """(key, value, lang) as rows for components/summary_list.html: a value people wrote marked
    with its language (empty: the page's), an empty one shown as NOT_GIVEN, unmarked."""
    return [
        {"key": key, "value": value or NOT_GIVEN, "lang": lang if value else ""}
        for key, value, lang in rows
    ]


def plan_summary_rows(plan: Plan, *, people: bool = True, lang: str = "") -> list[dict]:
    """A saved plan's summary rows (its prefetched domains); without `people`, no team or
    owner rows (the plan report names them on its cover)."""
    return summary_rows(
        team=plan.team.name if people else None,
        owner=str(plan.owner) if people else None,
        place=plan.place,
        kind=plan.get_intervention_kind_display(),
        audience=plan.audience,
        problem=plan.problem,
        impact=plan.impact,
        domains=[domain_name(d) for d in plan.domains.all()],
        lang=lang,
    )


def domain_name(domain) -> str:
    return f"{numbered_name(domain)} ({text_in_language(domain.type, 'name')})"


def chain_context(chain: Chain, *, title: str, lang: str = "") -> dict:
    return {
        "diagram": chain_svg(
            chain, title=_("Theory of Change for %(title)s") % {"title": title}, lang=lang
        ),
        "chain": chain_tree(chain),
        "content_lang": lang,
    }


def attachment_text(*, barrier=None, activity=None, output=None, outcome=None, labels) -> str:
    """What an assumption is attached to: a barrier, a link in the chain, or both."""
    parts = []
    if barrier is not None:
        parts.append(_("Barrier: %(text)s") % {"text": barrier})
    if activity and output:
        link = f"{labels[activity]} → {labels[output]}"
    elif output and outcome:
        link = f"{labels[output]} → {labels[outcome]}"
    elif outcome:
        link = _("%(outcome)s → long-term impact") % {"outcome": labels[outcome]}
    else:
        link = labels.get(activity or output, "")
    if link:
        parts.append(_("Link: %(link)s") % {"link": link})
    return "; ".join(parts) or _("Not attached yet")


def _key(kind: str, pk) -> str | None:
    return f"{kind}-{pk}" if pk else None


def plan_assumptions(plan: Plan, chain: Chain) -> list[dict]:
    labels = chain.labels()
    barriers = {b.pk: b.text for b in plan.barriers.all()}
    return [
        {
            "text": a.text,
            "attached_to": attachment_text(
                barrier=barriers.get(a.barrier_id),
                activity=_key("activity", a.activity_id),
                output=_key("output", a.output_id),
                outcome=_key("outcome", a.outcome_id),
                labels=labels,
            ),
            "evidence": [
                f"{choice_label(EvidenceKind, e.kind)}: {e.source} "
                f"({choice_label(EvidenceStrength, e.strength).lower()})"
                for e in related(a, "evidence")
            ],
        }
        for a in plan.assumptions.all()
    ]


def stakeholder_table(stakeholders) -> PartTable:
    """Stakeholders (saved, or rows of a snapshot) as a table whose columns are the fields
    shape.py declares for them."""
    return part_table(STAKEHOLDERS, stakeholders, not_given=NOT_GIVEN)


def plan_page(plan: Plan) -> dict:
    """Everything the plan page shows, from a plan fetched by `plan_for_display`."""
    chain = chain_from_plan(plan)
    lang = content_lang(plan.language)
    return {
        "plan": plan,
        "summary_rows": plan_summary_rows(plan, lang=lang),
        **chain_context(chain, title=plan.title, lang=lang),
        "barriers": [b.text for b in plan.barriers.all()],
        "assumptions": plan_assumptions(plan, chain),
        "stakeholders": stakeholder_table(plan.stakeholders.all()),
        "stakeholder_agreement": plan.stakeholder_agreement,
        "principle_results": principle_check(plan),
    }


def example_assumptions(example: Example, chain: Chain) -> list[dict]:
    labels = chain.labels()
    snapshot = example.snapshot
    barriers = {b["id"]: b["text"] for b in snapshot["barriers"]}

    def key(kind: str, pk: int | None) -> str | None:
        return f"{kind}-{pk}" if pk else None

    return [
        {
            "text": item["text"],
            "attached_to": attachment_text(
                barrier=barriers.get(item["barrier"]),
                activity=key("activity", item["activity"]),
                output=key("output", item["output"]),
                outcome=key("outcome", item["outcome"]),
                labels=labels,
            ),
            "evidence": [
                f"{EvidenceKind(e['kind']).label}: {e['source']} "
                f"({EvidenceStrength(e['strength']).label.lower()})"
                for e in item["evidence"]
            ],
        }
        for item in snapshot["assumptions"]
    ]


def example_page(example: Example) -> dict:
    """A worked example read from the file, shown like a plan (written in English)."""
    chain = example_chain(example)
    snapshot = example.snapshot
    answers = snapshot["answers"]
    lang = content_lang(answers.get("language", PlanLanguage.ENGLISH))
    domains = {d.number: d for d in Domain.objects.select_related("type")}
    return {
        "example": example,
        "summary_rows": summary_rows(
            team=None,
            owner=None,
            place=answers["place"],
            kind=InterventionKind(answers["intervention_kind"]).label
            if answers["intervention_kind"]
            else "",
            audience=answers["audience"],
            problem=answers["problem"],
            impact=answers["impact"],
            domains=[
                domain_name(domains[d["number"]])
                for d in snapshot["domains"]
                if d["number"] in domains
            ],
            lang=lang,
        ),
        **chain_context(chain, title=example.title, lang=lang),
        "barriers": [b["text"] for b in snapshot["barriers"]],
        "assumptions": example_assumptions(example, chain),
        "stakeholders": stakeholder_table(snapshot["stakeholders"]),
        "stakeholder_agreement": answers["stakeholder_agreement"],
    }
