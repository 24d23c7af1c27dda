"""The plans' panel of the dashboard (registered with ioi_planner.dashboard)."""

from ioi_planner.dashboard import Panel, dashboard_panel

from . import selectors


@dashboard_panel
def review_panel(user) -> Panel:
    """Drafts, plans returned with comments, plans awaiting the user's review, recently
    approved plans, each with a count; and the unread notifications."""
    return Panel(
        template="theory_of_change/includes/dashboard_panel.html",
        context={
            "lists": selectors.dashboard_lists(user),
            "unread": selectors.page_unread_notification_count(user),
        },
    )
