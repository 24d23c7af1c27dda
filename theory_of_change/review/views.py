"""The review: the review page and its comments, status changes, collaborators and
notifications. HTTP only: the rules are in workflow.py and services.py, access in
theory_of_change/access.py.
"""

from collections.abc import Callable
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from theory_of_change import versioning
from theory_of_change.access import plan_permissions, plans_commentable_by, plans_owned_by
from theory_of_change.models import Plan, PlanStatus, ReviewComment
from theory_of_change.review import selectors, services
from theory_of_change.review.changes import changes_since
from theory_of_change.review.forms import (
    CollaboratorAddForm,
    CollaboratorRemoveForm,
    CommentForm,
    ReplyForm,
    TransitionForm,
)
from theory_of_change.review.presenters import anchor, decision_forms, review_sections
from theory_of_change.review.workflow import (
    TRANSITIONS_BY_SLUG,
    actors_of,
    refusal,
    transitions_for,
)
from theory_of_change.steps import STEPS_BY_SLUG
from theory_of_change.versioning import STALE_MESSAGE


def _review_url(plan: Plan, fragment: str = "") -> str:
    url = reverse("theory_of_change:plan_review", kwargs={"plan_id": plan.pk})
    return f"{url}#{fragment}" if fragment else url


def _render_review(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    plan = selectors.plan_for_review(plan_id=plan_id, user=request.user)
    may_comment = plan_permissions(request.user, plan).can_comment
    transitions = transitions_for(plan=plan, user=request.user)
    context = {
        "plan": plan,
        "sections": review_sections(plan, may_comment=may_comment, csrf_token=get_token(request)),
        "may_comment": may_comment,
        "decisions": decision_forms(plan, transitions),
        "transitions": plan.transition_list,
        "since": changes_since(plan, since=request.GET.get("since", "")),
        "history_url": reverse("theory_of_change:plan_history", kwargs={"plan_id": plan.pk}),
    }
    return render(request, "theory_of_change/plan_review.html", context)


@login_required
@require_GET
def plan_review(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    """The whole plan on one page, for reading and commenting: nobody edits content here."""
    return _render_review(request, plan_id)


def _commentable_plan(request: HttpRequest, plan_id: UUID) -> Plan:
    return get_object_or_404(plans_commentable_by(request.user), pk=plan_id)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def review_comment_add(request: HttpRequest, plan_id: UUID, section: str) -> HttpResponse:
    """A comment on one section, on a page of its own (the review page links here)."""
    plan = _commentable_plan(request, plan_id)
    step = STEPS_BY_SLUG.get(section)
    if step is None:
        raise Http404
    form = CommentForm(request.POST or None, section=section, action=request.path)
    return _comment_page(
        request,
        plan,
        form,
        add=lambda text: services.review_comment_add(
            plan=plan, user=request.user, section=section, text=text
        ),
        message=_("Your comment was added."),
        context={
            "heading": _("Comment on “%(section)s”") % {"section": step.title},
            "back_url": _review_url(plan, f"section-{section}"),
        },
    )


def _comment_page(
    request: HttpRequest,
    plan: Plan,
    form,
    *,
    add: Callable[[str], ReviewComment],
    message: str,
    context: dict,
) -> HttpResponse:
    """The page of a comment or a reply. Sent, the form's text is added and the user goes to it
    on the review page; with errors (or a comment the service refuses), the page again with
    what they typed."""
    if request.method == "POST" and form.is_valid():
        try:
            comment = add(form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error("text", error.messages)
        else:
            messages.success(request, message)
            return redirect(_review_url(plan, anchor(comment.pk)))
    return render(
        request,
        "theory_of_change/review_comment.html",
        {"plan": plan, "form": form, **context},
    )


def _comment(plan: Plan, comment_id: int) -> ReviewComment:
    return get_object_or_404(ReviewComment.objects.filter(plan=plan), pk=comment_id)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def review_comment_reply(request: HttpRequest, plan_id: UUID, comment_id: int) -> HttpResponse:
    """A reply to a comment, on a page of its own that shows the thread it answers."""
    plan = _commentable_plan(request, plan_id)
    parent = get_object_or_404(
        ReviewComment.objects.filter(plan=plan).select_related("author", "parent__author"),
        pk=comment_id,
    )
    thread = parent.parent or parent
    form = ReplyForm(request.POST or None, comment=parent, action=request.path)
    return _comment_page(
        request,
        plan,
        form,
        add=lambda text: services.review_comment_add(
            plan=plan, user=request.user, section=parent.section, text=text, parent=parent
        ),
        message=_("Your reply was added."),
        context={
            "heading": _("Reply to %(who)s") % {"who": parent.author},
            "back_url": _review_url(plan, anchor(thread.pk)),
            "thread": thread,
            "replies": list(thread.replies.select_related("author").order_by("created_at", "pk")),
        },
    )


@login_required
@require_POST
def review_comment_resolve(request: HttpRequest, plan_id: UUID, comment_id: int) -> HttpResponse:
    plan = _commentable_plan(request, plan_id)
    comment = _comment(plan, comment_id)
    thread = services.review_comment_resolve(plan=plan, user=request.user, comment=comment)
    messages.success(request, _("The comment is marked as resolved."))
    return redirect(_review_url(plan, anchor(thread.pk)))


def _refused(request: HttpRequest, plan: Plan, transition, reason: str) -> HttpResponse:
    return render(
        request,
        "theory_of_change/transition_refused.html",
        {"plan": plan, "transition": transition, "reason": reason},
        status=403,
    )


@login_required
def plan_transition(request: HttpRequest, plan_id: UUID, slug: str) -> HttpResponse:
    """Submit, resubmit, ask for changes, approve, reopen or archive: a page with the comment
    (the reason, for asking for changes) and one button; the review page posts here too."""
    transition = TRANSITIONS_BY_SLUG.get(slug)
    if transition is None:
        raise Http404
    plan = get_object_or_404(
        plans_commentable_by(request.user).prefetch_related("collaborators"), pk=plan_id
    )
    reason = refusal(
        transition=transition, plan=plan, actors=actors_of(plan=plan, user=request.user)
    )
    if reason:
        return _refused(request, plan, transition, reason)
    form = TransitionForm(request.POST or None, plan=plan, transition=transition)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_transition(
                plan=plan,
                user=request.user,
                slug=slug,
                version=form.cleaned_data["version"],
                comment=form.comment(),
            )
        except versioning.StalePlan:
            form.refuse_as_stale(
                current_version=Plan.objects.values_list("version", flat=True).get(pk=plan.pk)
            )
        except services.TransitionRefused as error:
            return _refused(request, plan, transition, str(error))
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, transition.done)
            return redirect(_review_url(plan))
    return render(
        request,
        "theory_of_change/plan_transition.html",
        {
            "plan": plan,
            "transition": transition,
            "target": PlanStatus(transition.target).label,
            "form": form,
            "back_url": _review_url(plan),
        },
    )


def _collaborators_page(request: HttpRequest, plan: Plan, form: CollaboratorAddForm):
    return render(
        request,
        "theory_of_change/plan_collaborators.html",
        {
            "plan": plan,
            "form": form,
            "collaborators": [
                {
                    "user": person,
                    "form": CollaboratorRemoveForm(plan=plan, prefix=f"remove-{person.pk}"),
                }
                for person in plan.collaborators.all()
            ],
        },
    )


@login_required
def plan_collaborators(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    """The owner chooses who else in the team may change the plan."""
    plan = get_object_or_404(
        plans_owned_by(request.user).select_related("team").prefetch_related("collaborators"),
        pk=plan_id,
    )
    candidates = selectors.collaborator_candidates(plan)
    form = CollaboratorAddForm(request.POST or None, plan=plan, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        person = next(p for p in candidates if p.pk == form.cleaned_data["user"])
        try:
            services.plan_collaborator_add(
                plan=plan, version=form.cleaned_data["version"], user=person
            )
        except versioning.StalePlan:
            form.refuse_as_stale(
                current_version=Plan.objects.values_list("version", flat=True).get(pk=plan.pk)
            )
        except ValidationError as error:
            form.add_error("user", error.messages)
        else:
            messages.success(request, _("%(person)s can now change the plan.") % {"person": person})
            return redirect("theory_of_change:plan_collaborators", plan_id=plan.pk)
    return _collaborators_page(request, plan, form)


@login_required
@require_POST
def plan_collaborator_remove(request: HttpRequest, plan_id: UUID, user_id: int) -> HttpResponse:
    plan = get_object_or_404(plans_owned_by(request.user), pk=plan_id)
    person = get_object_or_404(plan.collaborators.all(), pk=user_id)
    form = CollaboratorRemoveForm(request.POST, plan=plan, prefix=f"remove-{person.pk}")
    try:
        if not form.is_valid():
            raise versioning.StalePlan
        services.plan_collaborator_remove(
            plan=plan, version=form.cleaned_data["version"], user=person
        )
    except versioning.StalePlan:
        messages.error(request, STALE_MESSAGE)
    else:
        messages.success(request, _("%(person)s is no longer a collaborator.") % {"person": person})
    return redirect("theory_of_change:plan_collaborators", plan_id=plan.pk)


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "theory_of_change/notification_list.html",
        {
            "notifications": selectors.notifications_of(request.user),
            "unread": selectors.page_unread_notification_count(request.user),
        },
    )


@login_required
@require_POST
def notifications_mark_read(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_read(user=request.user)
    messages.success(request, _("All your notifications are marked as read."))
    return redirect("notifications:notification_list")
