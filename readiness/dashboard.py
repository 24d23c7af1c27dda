"""The readiness panel of the dashboard (registered with ioi_planner.dashboard): a person's open
actions due soon, and to team leads their teams' latest assessments."""

from django.utils import timezone

from ioi_planner.dashboard import Panel, dashboard_panel

from . import assessment_selectors as selectors


@dashboard_panel
def readiness_panel(user) -> Panel | None:
    actions = list(selectors.actions_due_soon(user))
    led = list(selectors.latest_assessments(selectors.led_teams(user)))
    if not actions and not led:
        return None
    return Panel(
        template="readiness/includes/dashboard_panel.html",
        context={
            "actions": actions,
            "led": led,
            "days": selectors.DUE_SOON_DAYS,
            "today": timezone.localdate(),
        },
    )
