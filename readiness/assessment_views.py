"""The pages of the readiness self-assessment: a team's rounds, one round's overview, an area
at a time, sending it for review, a team lead's decision, the history of changes, and the
council's overview for team leads. Every page works without JavaScript; every change is made
from the version its form was made from (assessment_services)."""

from collections.abc import Callable
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ioi_planner.access import teams_of
from ioi_planner.documents import document_job, document_job_page, document_page
from ioi_planner.models import Team
from ioi_planner.versioning import Stale
from theory_of_change.history.compare import compare_sections
from theory_of_change.history.forms import CompareForm

from . import assessment_selectors as selectors
from . import assessment_services as services
from . import documents
from .areas import AREAS, AREAS_BY_SLUG, RATING_HELP, SECTIONS
from .assessment_forms import AreaForm, AssessmentForm, DecisionForm
from .assessment_history import version_rows
from .models import Assessment, AssessmentStatus, Rating

FORM_METHODS = require_http_methods(["GET", "HEAD", "POST"])
HISTORY_PAGE_SIZE = 20


def url(name: str, assessment: Assessment, **kwargs) -> str:
    return reverse(f"readiness:{name}", kwargs={"assessment_id": assessment.pk, **kwargs})


def saved(form: AssessmentForm, write: Callable[[int], object]) -> bool:
    """Run `write(version)` from the form's version; False, with the reason on the form (what
    was typed kept), if the assessment changed since or the service refused the values."""
    try:
        write(form.cleaned_data["version"])
    except Stale:
        form.refuse_as_stale(
            current_version=Assessment.objects.values_list("version", flat=True).get(
                pk=form.assessment.pk
            )
        )
        return False
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return False
    return True


def editable_or_redirect(request: HttpRequest, assessment: Assessment) -> HttpResponse | None:
    """None if the assessment can be changed; otherwise the way back to it, saying why not."""
    if assessment.editable:
        return None
    messages.info(
        request,
        _("This assessment is %(status)s, so it cannot be changed.")
        % {"status": assessment.get_status_display().lower()},
    )
    return redirect(assessment.get_absolute_url())


@login_required
@require_safe
def assessment_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "readiness/assessment_list.html",
        {
            "rounds": selectors.rounds_of(request.user),
            "leads": selectors.led_teams(request.user).exists(),
        },
    )


@login_required
@FORM_METHODS
def assessment_start(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_object_or_404(teams_of(request.user), pk=team_id)
    latest = services.latest_of(team)
    errors: list[str] = []
    if request.method == "POST":
        try:
            assessment = services.assessment_start(user=request.user, team=team)
        except ValidationError as error:
            errors = error.messages
        else:
            return redirect(url("assessment_area", assessment, area=AREAS[0].slug))
    return render(
        request,
        "readiness/assessment_start.html",
        {
            "team": team,
            "latest": latest,
            "next_round": latest.round + 1 if latest else 1,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@login_required
@require_safe
def assessment_detail(request: HttpRequest, assessment_id: UUID) -> HttpResponse:
    assessment = selectors.assessment_for(request.user, assessment_id)
    latest = selectors.is_latest(assessment)
    return render(
        request,
        "readiness/assessment_detail.html",
        {
            "assessment": assessment,
            "rows": selectors.area_rows(assessment),
            "gaps": services.gaps(assessment),
            "lead": selectors.is_lead_of(request.user, assessment),
            "latest": latest,
        },
    )


@login_required
@FORM_METHODS
def assessment_area(request: HttpRequest, assessment_id: UUID, area: str) -> HttpResponse:
    assessment = selectors.assessment_for(request.user, assessment_id)
    guide = AREAS_BY_SLUG.get(area)
    if guide is None:
        raise Http404
    if (back := editable_or_redirect(request, assessment)) is not None:
        return back
    answer = next((a for a in assessment.answers.all() if a.area == area), None)
    form = AreaForm(request.POST or None, assessment=assessment, guide=guide, answer=answer)
    if (
        request.method == "POST"
        and form.is_valid()
        and saved(
            form,
            lambda version: services.area_save(
                assessment=assessment,
                version=version,
                user=request.user,
                area=area,
                rating=form.cleaned_data["rating"],
                challenges=form.cleaned_data["challenges"],
                response=form.cleaned_data["response"],
            ),
        )
    ):
        index = AREAS.index(guide)
        if index + 1 < len(AREAS):
            return redirect(url("assessment_area", assessment, area=AREAS[index + 1].slug))
        return redirect(url("assessment_actions", assessment))
    position = AREAS.index(guide) + 1
    return render(
        request,
        "readiness/assessment_area.html",
        {
            "assessment": assessment,
            "guide": guide,
            "form": form,
            "position": position,
            "count": len(AREAS),
            "before": next((a for a in assessment.previous.answers.all() if a.area == area), None)
            if assessment.previous
            else None,
            "back_url": assessment.get_absolute_url(),
        },
    )


@login_required
@FORM_METHODS
def assessment_submit(request: HttpRequest, assessment_id: UUID) -> HttpResponse:
    assessment = selectors.assessment_for(request.user, assessment_id)
    if (back := editable_or_redirect(request, assessment)) is not None:
        return back
    form = AssessmentForm(request.POST or None, assessment=assessment)
    if (
        request.method == "POST"
        and form.is_valid()
        and saved(
            form,
            lambda version: services.assessment_submit(
                assessment=assessment, version=version, user=request.user
            ),
        )
    ):
        messages.success(request, _("The assessment was sent to the team’s leads for review."))
        return redirect(assessment.get_absolute_url())
    return render(
        request,
        "readiness/assessment_submit.html",
        {"assessment": assessment, "form": form, "back_url": assessment.get_absolute_url()},
    )


@login_required
@FORM_METHODS
def assessment_review(request: HttpRequest, assessment_id: UUID) -> HttpResponse:
    assessment = selectors.assessment_for(request.user, assessment_id)
    if not selectors.is_lead_of(request.user, assessment):
        raise Http404
    if assessment.status != AssessmentStatus.SUBMITTED:
        messages.info(request, _("This assessment is not waiting for review."))
        return redirect(assessment.get_absolute_url())
    form = DecisionForm(request.POST or None, assessment=assessment)
    if (
        request.method == "POST"
        and form.is_valid()
        and saved(
            form,
            lambda version: services.assessment_decide(
                assessment=assessment,
                version=version,
                user=request.user,
                changes=form.cleaned_data["decision"] == "changes",
                comment=form.cleaned_data["comment"],
            ),
        )
    ):
        messages.success(request, _("Your decision was saved and the team can see it."))
        return redirect(assessment.get_absolute_url())
    return render(
        request,
        "readiness/assessment_review.html",
        {
            "assessment": assessment,
            "rows": selectors.area_rows(assessment),
            "form": form,
            "back_url": assessment.get_absolute_url(),
        },
    )


@login_required
@require_safe
def assessment_history(request: HttpRequest, assessment_id: UUID) -> HttpResponse:
    assessment = selectors.assessment_for(request.user, assessment_id)
    versions = selectors.versions_of(assessment)
    numbers = list(versions.values_list("number", flat=True))
    page = Paginator(versions, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "readiness/assessment_history.html",
        {
            "assessment": assessment,
            "page_obj": page,
            "rows": version_rows(page, assessment_id=assessment.pk, known=set(numbers)),
            "compare_form": _compare_form(assessment, numbers) if len(numbers) > 1 else None,
        },
    )


def _compare_form(assessment: Assessment, numbers: list[int], data=None) -> CompareForm:
    initial = {"to": numbers[0], "from": numbers[1]} if len(numbers) > 1 else {}
    return CompareForm(
        data,
        numbers=numbers,
        initial=initial,
        action=url("assessment_history_compare", assessment),
        unknown=_("Enter the number of a version this assessment has"),
    )


@login_required
@require_safe
def assessment_history_compare(request: HttpRequest, assessment_id: UUID) -> HttpResponse:
    assessment = selectors.assessment_for(request.user, assessment_id)
    numbers = list(selectors.versions_of(assessment).values_list("number", flat=True))
    form = _compare_form(assessment, numbers, data=request.GET)
    differences = older = newer = None
    if form.is_valid():
        older, newer = form.cleaned_data["from"], form.cleaned_data["to"]
        snapshots = selectors.snapshots_of(assessment, [older, newer])
        differences = compare_sections(snapshots[older], snapshots[newer], SECTIONS)
    return render(
        request,
        "readiness/assessment_history_compare.html",
        {
            "assessment": assessment,
            "form": form,
            "older": older,
            "newer": newer,
            "differences": differences,
            "back_url": url("assessment_history", assessment),
        },
    )


@login_required
@require_safe
def council_overview(request: HttpRequest) -> HttpResponse:
    """A team lead's view of every team of their council: each team's latest ratings."""
    if not selectors.led_teams(request.user).exists():
        raise Http404
    teams = Team.objects.filter(organisation_id=request.user.organisation_id)
    latest = list(selectors.latest_assessments(teams))
    led = set(selectors.led_teams(request.user).values_list("pk", flat=True))
    rows = []
    for assessment in latest:
        answers = {a.area: a for a in assessment.answers.all()}
        rows.append(
            {
                "assessment": assessment,
                "open": assessment.team_id in led,
                "ratings": [answers.get(guide.slug) for guide in AREAS],
            }
        )
    return render(
        request,
        "readiness/council_overview.html",
        {
            "rows": rows,
            "areas": AREAS,
            "missing": teams.exclude(pk__in=[a.team_id for a in latest]).order_by("name"),
            "scale": [(Rating(value).label, RATING_HELP[Rating(value)]) for value in Rating],
        },
    )


@login_required
@require_safe
def assessment_pdf(request: HttpRequest, assessment_id: UUID) -> HttpResponse:
    """The assessment as a tagged PDF, built by a background job (readiness/documents.py)."""
    assessment = selectors.assessment_for(request.user, assessment_id)
    return document_page(
        request,
        kind=documents.ASSESSMENT_PDF,
        subject=str(assessment.pk),
        key=documents.document_key(assessment),
        enqueue=documents.assessment_pdf_build.enqueue,
        council_id=assessment.team.organisation_id,
        about=str(assessment),
        caption=str(assessment),
        back_url=assessment.get_absolute_url(),
    )


@login_required
@require_safe
def assessment_pdf_job(request: HttpRequest, assessment_id: UUID, job_id: UUID) -> HttpResponse:
    assessment = selectors.assessment_for(request.user, assessment_id)
    job = document_job(kinds=[documents.ASSESSMENT_PDF], subject=str(assessment.pk), job_id=job_id)
    if job is None:
        raise Http404
    return document_job_page(
        request,
        job,
        key=documents.document_key(assessment),
        caption=str(assessment),
        back_url=assessment.get_absolute_url(),
        back_text=_("Back to the assessment"),
        changed_heading=_("The assessment has changed"),
        changed_text=_(
            "The assessment changed after this document was prepared, so it is out of date."
        ),
        waiting_text=_(
            "We are preparing the PDF of the assessment. You can leave this page and come "
            "back: it will be ready here, or from the assessment’s download link."
        ),
    )
