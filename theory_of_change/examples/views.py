"""The worked examples: read one, and start a plan from it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ioi_planner.access import teams_of
from theory_of_change import presenters
from theory_of_change.examples.catalogue import ExampleNotFound, example_by_slug, examples
from theory_of_change.examples.forms import ExampleStartForm
from theory_of_change.examples.services import plan_create_from_example
from theory_of_change.models import PlanLanguage


@login_required
def example_list(request: HttpRequest) -> HttpResponse:
    # The examples are written in English: marked so on a page in another language.
    return render(
        request,
        "theory_of_change/example_list.html",
        {"examples": examples(), "content_lang": presenters.content_lang(PlanLanguage.ENGLISH)},
    )


@login_required
def example_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        example = example_by_slug(slug)
    except ExampleNotFound:
        raise Http404(_("There is no worked example at this address.")) from None
    teams = teams_of(request.user).select_related("organisation").order_by("name")
    in_a_team = teams.exists()
    if request.method == "POST" and not in_a_team:
        raise PermissionDenied(_("Only members of a team can start a plan."))
    data = request.POST if request.method == "POST" else None
    form = ExampleStartForm(data, teams=teams) if in_a_team else None
    if request.method == "POST" and form.is_valid():
        copy = plan_create_from_example(
            example_slug=slug, team=form.chosen_team(), user=request.user
        )
        messages.success(
            request,
            _(
                "Your plan has been created from the worked example. It is a draft: only you "
                "can see it until you share it with your team."
            ),
        )
        for note in copy.notes:
            messages.warning(request, note)
        return redirect(copy.plan)
    return render(
        request,
        "theory_of_change/example_detail.html",
        {**presenters.example_page(example), "form": form},
    )
