from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ioi_planner.access import plans_visible_to


@login_required
def plan_detail(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    plan = get_object_or_404(
        plans_visible_to(request.user).select_related("team", "owner"), pk=plan_id
    )
    return render(request, "theory_of_change/plan_detail.html", {"plan": plan})
