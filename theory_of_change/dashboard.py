"""The plans' panel of the dashboard (registered with ioi_planner.dashboard)."""

from ioi_planner.dashboard import Panel, dashboard_panel
from theory_of_change import selectors
from theory_of_change.review import selectors as review_selectors


@dashboard_panel
def review_panel(user) -> Panel:
    """Drafts, plans returned with comments, plans awaiting the user's review, recently
    approved plans, each with a count; and the unread notifications."""
    return Panel(
        template="theory_of_change/includes/dashboard_panel.html",
        context={
            "lists": selectors.dashboard_lists(user),
            "unread": review_selectors.page_unread_notification_count(user),
        },
    )
