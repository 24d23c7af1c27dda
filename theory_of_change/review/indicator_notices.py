"""Telling a plan's people when the bank changes an indicator their plan uses.

A toolkit import that changes an indicator's wording or domain, or retires it, sends
domains.signals.indicators_revised once it is committed (in the background job that applies
it). For every plan whose outcomes use one of those indicators (archived plans aside), its
owner and collaborators still in its team get a notification naming the plan, each indicator
and what changed, and an email linking to the plan's page (sent by a background job).
"""

from collections import defaultdict

from django.utils import translation
from django.utils.translation import gettext as _

from domains.languages import text_in_language
from domains.models import Indicator
from ioi_planner.languages import language_of
from theory_of_change.models import (
    Notification,
    NotificationKind,
    Outcome,
    Plan,
    PlanStatus,
)
from theory_of_change.review.services import authors_still_in_team, notifications_email

LISTED = 5  # indicators named in one notification; the rest are counted
CHUNK = 500  # indicator ids per query


def _what_changed(indicator: Indicator, fields: list[str] | None) -> str:
    name = f"“{text_in_language(indicator, 'wording')}”" + (
        f" ({indicator.code})" if indicator.code else ""
    )
    if fields is None and indicator.successor_id:
        return _(
            "%(indicator)s was retired, and “%(successor)s” offered in its place: the plan's "
            "page switches to it in one step"
        ) % {
            "indicator": name,
            "successor": text_in_language(indicator.successor, "wording"),
        }
    if fields is None:
        return _("%(indicator)s was retired") % {"indicator": name}
    if fields == ["domain"]:
        return _("%(indicator)s moved to another domain") % {"indicator": name}
    if "domain" in fields:
        return _("%(indicator)s has new wording (shown here) and another domain") % {
            "indicator": name
        }
    return _("%(indicator)s has new wording (shown here)") % {"indicator": name}


def notice_message(*, plan: Plan, source: str, lines: list[str]) -> str:
    shown = "; ".join(lines[:LISTED])
    more = len(lines) - LISTED
    message = _("%(source)s changed indicators that “%(plan)s” uses: %(changes)s.") % {
        "source": source[:1].upper() + source[1:],
        "plan": plan.title,
        "changes": shown,
    }
    if more > 0:
        message += " " + _("And %(count)s more: see the plan.") % {"count": more}
    return message


def plans_told_of_revised_indicators(
    sender, *, changed: dict[int, list[str]], retired: list[int], source: str, **kwargs
) -> list[Notification]:
    """The receiver of indicators_revised: one notification per plan and person, each emailed."""
    revised: dict[int, list[str] | None] = {**changed, **dict.fromkeys(retired)}
    uses: dict = defaultdict(set)
    ids = list(revised)
    for start in range(0, len(ids), CHUNK):  # an import can retire tens of thousands
        for plan_id, indicator_id in (
            Outcome.indicators.through.objects.filter(indicator_id__in=ids[start : start + CHUNK])
            .exclude(outcome__plan__status=PlanStatus.ARCHIVED)
            .values_list("outcome__plan_id", "indicator_id")
        ):
            uses[plan_id].add(indicator_id)
    if not uses:
        return []
    indicators = Indicator.objects.select_related("successor").in_bulk(set().union(*uses.values()))
    made = []
    for plan in Plan.objects.filter(pk__in=uses).order_by("title", "pk"):
        used = sorted(uses[plan.pk], key=lambda pk: (indicators[pk].code, pk))
        messages: dict[str, str] = {}  # the notice in each of its readers' languages
        notifications = []
        for person in authors_still_in_team(plan).distinct().order_by("email"):
            language = language_of(person)
            if language not in messages:
                with translation.override(language):
                    lines = [_what_changed(indicators[pk], revised[pk]) for pk in used]
                    messages[language] = notice_message(plan=plan, source=str(source), lines=lines)
            notifications.append(
                Notification(
                    user=person,
                    plan=plan,
                    kind=NotificationKind.INDICATORS,
                    message=messages[language],
                    language=language,
                )
            )
        notifications = Notification.objects.bulk_create(notifications)
        notifications_email(notifications, plan=plan, page="plan")
        made.extend(notifications)
    return made
