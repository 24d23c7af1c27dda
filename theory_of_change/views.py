from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import presenters
from .selectors import plan_for_display


@login_required
def plan_detail(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    plan = plan_for_display(plan_id=plan_id, user=request.user)
    return render(request, "theory_of_change/plan_detail.html", presenters.plan_page(plan))
