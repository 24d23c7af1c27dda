"""Who may use each URL: every pattern in the URLconf, requested as every kind of user.

The matrix below declares, for every URL name, how to build its arguments and what each role
gets. A URL with no row fails `test_every_url_answers_each_role_as_declared`, so each new URL
must be declared here. To add one, add a row to MATRIX:

    #                                   anonymous officer collaborator lead other-team other-council admin former-owner former-collaborator moved-team moved-council
    "app:url_name": Url(kwargs=..., get="login    200     200          200  404        404           404   404          404                 404        404"),

Answers: a status code (200, 403, 404, 405), `login` (a redirect to sign-in that comes back),
or `302` (a redirect somewhere else). Other councils' plans answer 404, never 403.

POST: a row without `post` still gets a POST from every role, which must answer as the GET
does (or 405) and write no row of data (sessions and sign-in records aside). A row whose view
accepts POST declares `post` (and `data`, the form a user with rights would send); every refused
POST (login, 403, 404, 405) is checked to have written no row: `data_writes` watches the
statements the request runs.

The Django admin is one entry, "admin": its index and every registered model's list and add
pages send anonymous and non-staff users to the admin sign-in and answer 200 to staff. Every
role is asked for the index; the other pages are asked by ADMIN_ROLES, one role of each kind
the admin can tell apart.
"""

import datetime
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import HASH_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.shortcuts import resolve_url
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp import DEVICE_ID_SESSION_KEY

from domains.models import Domain
from evaluation.models import IndicatorTarget, Measurement, MeasurementGroup
from ioi_planner.invitations import invitation_create
from ioi_planner.models import Job, Team
from ioi_planner.two_factor import app_device
from readiness import assessment_services
from readiness.models import Action, Area, Assessment, Exercise, ExerciseDomain
from theory_of_change.models import Assumption, Evidence, Outcome, Plan, ReviewComment
from theory_of_change.versioning import plan_version_record
from theory_of_change.wizard.services import plan_update
from toolkit_import.generator import WorkbookSpec, build_workbook
from toolkit_import.services import import_preview, import_upload

from .factories import IndicatorFactory, MembershipFactory, UserFactory, sign_in_with_two_factor

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "officer",
    "collaborator",
    "lead",
    "other_team",
    "other_council",
    "admin",
    # People who left: the plan's owner, moved to another council; a collaborator who left the
    # council (in no team now); collaborators moved to another team, and to another council.
    "former_owner",
    "former_collaborator",
    "moved_team",
    "moved_council",
    # Council admins, in no team: of the plan's council, and of another council.
    "council_admin",
    "other_council_admin",
)
REFUSED = {"login", "admin-login", "403", "404", "405"}


@dataclass
class World:
    """What the rows build their URLs from: one user per role and things they may or may not see.

    `plan` is alice's, with carol as collaborator, shared with their team (so lena, the team
    lead, sees it); bob (another team of the same council), charlie (another council) and the
    staff admin (in no team) must not. Nor may the people who were in the plan's team and left
    it: olga, who owned it and moved to another council (the plan is hers while her role is
    checked), and its collaborators fred (left the council), maya (moved to another team) and
    max (moved to another council)."""

    users: dict[str, Any]
    plan: Plan
    domain: Domain
    indicator: Any
    # What each role's sign-in left in its session (see sign_in_as).
    sessions: dict[str, dict] = field(default_factory=dict)

    @cached_property
    def outcome(self) -> Outcome:
        outcome = Outcome.objects.create(plan=self.plan, text="Neighbours meet")
        outcome.indicators.add(self.indicator)
        return outcome

    @cached_property
    def replaced_indicator(self):
        """An indicator of the plan's outcome that a toolkit update retired, with a successor."""
        successor = IndicatorFactory(domain=self.domain, wording="% who meet a neighbour weekly")
        retired = IndicatorFactory(
            domain=self.domain,
            wording="% who meet neighbours",
            status="retired",
            successor=successor,
        )
        self.outcome.indicators.add(retired)
        return retired

    @cached_property
    def leaver(self):
        """A deactivated former member of the plan's council."""
        return UserFactory(
            email="leaver@alpha.example",
            is_active=False,
            organisation=self.plan.team.organisation,
        )

    @cached_property
    def invitation(self):
        """An invitation to the plan's council, not yet answered."""
        return invitation_create(
            council=self.plan.team.organisation,
            email="invited@alpha.example",
            full_name="Ivy Invited",
            teams=[self.plan.team],
            role="officer",
        )

    @cached_property
    def assumption(self) -> Assumption:
        return Assumption.objects.create(plan=self.plan, text="People will come")

    @cached_property
    def evidence(self) -> Evidence:
        return Evidence.objects.create(
            assumption=self.assumption, kind="survey", source="Residents survey", strength="weak"
        )

    @cached_property
    def own_group(self) -> MeasurementGroup:
        return MeasurementGroup.objects.create(plan=self.plan, kind="own", name="Young people")

    @cached_property
    def removable_group(self) -> MeasurementGroup:
        return MeasurementGroup.objects.create(plan=self.plan, kind="own", name="Older people")

    @cached_property
    def target(self) -> IndicatorTarget:
        return IndicatorTarget.objects.create(
            plan=self.plan,
            indicator=self.outcome.indicators.get(),
            group=self.own_group,
            value=60,
            due_on="2027-03-31",
        )

    @cached_property
    def exercise(self) -> Exercise:
        """alice's Exercise 1 worksheet, finished (a domain of each type, each with a reason)."""
        exercise = Exercise.objects.create(
            owner=self.users["officer"], team=self.plan.team, title="Club", problem="Few meet"
        )
        for number in (5, 7, 9, 14):
            ExerciseDomain.objects.create(
                exercise=exercise, domain=Domain.objects.get(number=number), why="It matters"
            )
        return exercise

    @cached_property
    def assessment(self) -> Assessment:
        """The plan's team's readiness assessment, a draft with every area rated and one action
        of alice's (ready to be sent for review)."""
        officer = self.users["officer"]
        assessment = assessment_services.assessment_start(user=officer, team=self.plan.team)
        for area in Area.values:
            assessment_services.area_save(
                assessment=assessment,
                version=assessment.version,
                user=officer,
                area=area,
                rating="partly",
                challenges="Little time",
                response="",
            )
        assessment_services.action_save(
            assessment=assessment,
            version=assessment.version,
            user=officer,
            action=None,
            area="data",
            text="Set up a data log",
            owner=officer,
            due=datetime.date(2027, 1, 31),
        )
        return assessment

    @cached_property
    def submitted_assessment(self) -> Assessment:
        """The assessment, sent for review."""
        assessment = self.assessment
        assessment_services.assessment_submit(
            assessment=assessment, version=assessment.version, user=self.users["officer"]
        )
        return assessment

    @cached_property
    def action(self) -> Action:
        return self.assessment.actions.get()

    def assessment_version(self) -> int:
        return Assessment.objects.values_list("version", flat=True).get(pk=self.assessment.pk)

    @cached_property
    def measurement(self) -> Measurement:
        return Measurement.objects.create(
            plan=self.plan,
            indicator=self.outcome.indicators.get(),
            group=MeasurementGroup.objects.get_or_create(plan=self.plan, kind="newcomers")[0],
            kind="baseline",
            measured_on="2026-04-01",
            value=20,
            source="Café survey",
        )

    @cached_property
    def comment(self) -> ReviewComment:
        return ReviewComment.objects.create(
            plan=self.plan, section="domains", author=self.users["lead"], text="Why these?"
        )

    def version(self) -> int:
        """The plan's version now: a form made by a user with rights carries it."""
        return Plan.objects.values_list("version", flat=True).get(pk=self.plan.pk)

    @cached_property
    def history(self) -> int:
        """Two recorded versions of the plan (its creation, then a change); the first's number."""
        plan_version_record(
            plan=self.plan, user=self.users["officer"], section="plan", action="create"
        )
        plan_update(
            plan=self.plan,
            version=self.plan.version,
            user=self.users["officer"],
            problem="Few places to meet",
        )
        return 1

    @cached_property
    def toolkit_import(self):
        """A previewed toolkit import, made by the staff admin (built only for rows that use it)."""
        record = import_upload(
            user=self.users["admin"], file_name="toolkit.xlsx", data=toolkit_workbook()
        )
        return import_preview(record=record, mapping=record.column_mapping)


def toolkit_workbook() -> bytes:
    return build_workbook(
        WorkbookSpec(
            rows=[
                [
                    "Facilitators",
                    "Language and Communication",
                    "% attending English classes",
                    "Do you attend English classes?",
                    "Synthetic Language Survey",
                    "National",
                    "Annual",
                    "Age, sex",
                    "",
                    "",
                ]
            ]
        )
    )


def plan_kwargs(world: World) -> dict:
    return {"plan_id": world.plan.pk}


def outcome_kwargs(world: World) -> dict:
    return {"plan_id": world.plan.pk, "kind": "outcomes", "item_id": world.outcome.pk}


def plan_with_outcome_kwargs(world: World) -> dict:
    """The plan, with an outcome measured by an indicator (what the evaluation pages work on)."""
    assert world.outcome
    return {"plan_id": world.plan.pk}


def document_job_kwargs(world: World) -> dict:
    """A PDF of the plan being prepared (queued, as a busy worker would leave it)."""
    job = Job.objects.create(
        kind="evaluation-pdf", subject=str(world.plan.pk), key="k", requested_by=world.plan.owner
    )
    return {"plan_id": world.plan.pk, "job_id": job.pk}


def assessment_job_kwargs(world: World) -> dict:
    """A PDF of the assessment being prepared (queued, as a busy worker would leave it)."""
    job = Job.objects.create(
        kind="readiness-pdf",
        subject=str(world.assessment.pk),
        key="k",
        requested_by=world.users["officer"],
    )
    return {"assessment_id": world.assessment.pk, "job_id": job.pk}


def evaluation_outcome_data(world: World) -> dict:
    return {
        "version": world.version(),
        "responsibility": "The café coordinator",
        "samples-TOTAL_FORMS": "1",
        "samples-INITIAL_FORMS": "0",
        "samples-0-group": "participants",
        "samples-0-size": "20",
    }


def toolkit_import_kwargs(world: World) -> dict:
    return {"import_id": world.toolkit_import.pk}


@dataclass(frozen=True)
class Url:
    get: str
    kwargs: Callable[[World], dict] = field(default=lambda world: {})
    post: str | None = None
    data: Callable[[World], dict] = field(default=lambda world: {})
    query: str = ""


# fmt: off
MATRIX: dict[str, Url] = {
    #                                                 anonymous officer collaborator lead other-team other-council admin former-owner former-collaborator moved-team moved-council
    "home":                           Url(get="200      200     200          200  200        200           200 200 200 200 200 200 200"),
    "accessibility":                  Url(get="200      200     200          200  200        200           200 200 200 200 200 200 200"),
    # The language switch: anyone, back to where they were (a cookie, and their account's choice).
    "choose_language":                Url(get="302      302     302          302  302        302           302 302 302 302 302 302 302",
                                          kwargs=lambda w: {"code": "cy"}, query="?next=/framework/"),
    "login":                          Url(get="200      302     302          302  302        302           302 302 302 302 302 302 302",
                                              post="200 302     302          302  302        302           302 302 302 302 302 302 302"),
    "logout":                         Url(get="405      405     405          405  405        405           405 405 405 405 405 405 405",
                                              post="302 302     302          302  302        302           302 302 302 302 302 302 302"),
    "password_reset":                 Url(get="200      200     200          200  200        200           200 200 200 200 200 200 200",
                                              post="200 200     200          200  200        200           200 200 200 200 200 200 200"),
    "password_reset_sent":            Url(get="200      200     200          200  200        200           200 200 200 200 200 200 200"),
    "password_reset_confirm":         Url(get="200      200     200          200  200        200           200 200 200 200 200 200 200",
                                              post="200 200     200          200  200        200           200 200 200 200 200 200 200",
                                          kwargs=lambda w: {"uidb64": "MQ", "token": "not-a-token"}),
    "password_reset_complete":        Url(get="200      200     200          200  200        200           200 200 200 200 200 200 200"),
    "password_change":                Url(get="login    200     200          200  200        200           200 200 200 200 200 200 200",
                                              post="login 200   200          200  200        200           200 200 200 200 200 200 200"),
    "privacy:notice":                 Url(get="200      200     200          200  200        200           200 200 200 200 200 200 200"),
    "readiness:exercise_list":        Url(get="login    200     200          200  200        200           200 200 200 200 200 200 200"),
    "readiness:exercise_create":      Url(get="login    200     200          200  200        200           403 200 403 200 200 403 403",
                                              post="login 302   302          302  302        302           403 302 403 302 302 403 403",
                                          data=lambda w: {"title": "Club", "problem": "Few people meet"}),
    "readiness:exercise_detail":      Url(get="login    200     404          404  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"exercise_id": w.exercise.pk}),
    "readiness:exercise_details":     Url(get="login    200     404          404  404        404           404 404 404 404 404 404 404",
                                              post="login 302   404          404  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"exercise_id": w.exercise.pk},
                                          data=lambda w: {"version": w.exercise.version, "title": "Club", "problem": "Few meet"}),
    "readiness:exercise_domains":     Url(get="login    200     404          404  404        404           404 404 404 404 404 404 404",
                                              post="login 302   404          404  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"exercise_id": w.exercise.pk},
                                          data=lambda w: {"version": w.exercise.version, **{
                                              name: Domain.objects.get(number=number).pk
                                              for name, number in (("markers_and_means", 5), ("social_connections", 7), ("facilitators", 9))}}),
    "readiness:exercise_reasons":     Url(get="login    200     404          404  404        404           404 404 404 404 404 404 404",
                                              post="login 302   404          404  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"exercise_id": w.exercise.pk},
                                          data=lambda w: {"version": w.exercise.version, **{
                                              f"why_{c.domain_id}": "Because" for c in w.exercise.choices.all()}}),
    "readiness:exercise_start":       Url(get="login    405     405          405  405        405           405 405 405 405 405 405 405",
                                              post="login 302   404          404  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"exercise_id": w.exercise.pk}),
    # A team's readiness assessment is its members' (officers fill it in, leads review it);
    # nobody outside the team finds it. The council overview is for team leads.
    "readiness:assessment_list":      Url(get="login    200     200          200  200        200           200 200 200 200 200 200 200"),
    "readiness:council_overview":     Url(get="login    404     404          200  404        404           404 404 404 404 404 404 404"),
    # The officer starts round 1; the others then find a round in progress (400).
    "readiness:assessment_start":     Url(get="login    200     200          200  404        404           404 404 404 404 404 404 404",
                                              post="login 302   400          400  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"team_id": w.plan.team_id}),
    "readiness:assessment_detail":    Url(get="login    200     200          200  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"assessment_id": w.assessment.pk}),
    "readiness:assessment_area":      Url(get="login    200     200          200  404        404           404 404 404 404 404 404 404",
                                              post="login 302   302          302  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"assessment_id": w.assessment.pk, "area": "data"},
                                          data=lambda w: {"version": w.assessment_version(), "rating": "established"}),
    # Once the officer has sent it, the page sends the others back to it (302), saying why.
    "readiness:assessment_submit":    Url(get="login    200     302          302  404        404           404 404 404 404 404 404 404",
                                              post="login 302   302          302  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"assessment_id": w.assessment.pk},
                                          data=lambda w: {"version": w.assessment_version()}),
    "readiness:assessment_review":    Url(get="login    404     404          200  404        404           404 404 404 404 404 404 404",
                                              post="login 404   404          302  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"assessment_id": w.submitted_assessment.pk},
                                          data=lambda w: {"version": w.assessment_version(), "decision": "reviewed"}),
    "readiness:assessment_history":   Url(get="login    200     200          200  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"assessment_id": w.assessment.pk}),
    "readiness:assessment_history_compare":
                                      Url(get="login    200     200          200  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"assessment_id": w.assessment.pk}, query="?from=1&to=2"),
    "readiness:assessment_pdf":       Url(get="login    200     200          200  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"assessment_id": w.assessment.pk}),
    "readiness:assessment_pdf_job":   Url(get="login    200     200          200  404        404           404 404 404 404 404 404 404",
                                          kwargs=assessment_job_kwargs),
    "readiness:assessment_actions":   Url(get="login    200     200          200  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"assessment_id": w.assessment.pk}),
    "readiness:action_add":           Url(get="login    200     200          200  404        404           404 404 404 404 404 404 404",
                                              post="login 302   302          302  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"assessment_id": w.assessment.pk},
                                          data=lambda w: {"version": w.assessment_version(), "text": "Brief housing",
                                                          "area": "leadership", "owner": w.users["officer"].pk,
                                                          "due_0": "31", "due_1": "1", "due_2": "2027"}),
    "readiness:action_edit":          Url(get="login    200     200          200  404        404           404 404 404 404 404 404 404",
                                              post="login 302   302          302  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"assessment_id": w.assessment.pk, "action_id": w.action.pk},
                                          data=lambda w: {"version": w.assessment_version(), "text": "Set up a shared data log",
                                                          "area": "data", "owner": w.users["officer"].pk,
                                                          "due_0": "28", "due_1": "2", "due_2": "2027"}),
    # The officer removes the action first, so the others then find nothing.
    "readiness:action_remove":        Url(get="login    200     404          404  404        404           404 404 404 404 404 404 404",
                                              post="login 302   404          404  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"assessment_id": w.assessment.pk, "action_id": w.action.pk},
                                          data=lambda w: {"version": w.assessment_version()}),
    "readiness:action_done":          Url(get="login    405     405          405  405        405           405 405 405 405 405 405 405",
                                              post="login 302   302          302  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"assessment_id": w.assessment.pk, "action_id": w.action.pk},
                                          data=lambda w: {"version": w.assessment_version(), "done": "1"}),
    "readiness:action_plan":          Url(get="login    404     404          200  404        404           404 404 404 404 404 404 404",
                                              post="login 404   404          302  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"assessment_id": w.assessment.pk, "action_id": w.action.pk},
                                          data=lambda w: {"version": w.assessment_version(), "plan": w.plan.pk}),
    "readiness:exercise_remove":      Url(get="login    200     404          404  404        404           404 404 404 404 404 404 404",
                                              post="login 302   404          404  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"exercise_id": w.exercise.pk},
                                          data=lambda w: {"version": w.exercise.version}),
    "privacy:my_data":                Url(get="login    200     200          200  200        200           200 200 200 200 200 200 200"),
    "council_home":                   Url(get="login    404     404          404  404        404           404 404 404 404 404 200 200"),
    "council_person":                 Url(get="login    404     404          404  404        404           404 404 404 404 404 200 404",
                                              post="login 404   404          404  404        404           404 404 404 404 404 302 404",
                                          kwargs=lambda w: {"pk": w.users["other_team"].pk},
                                          data=lambda w: {f"team_{t.pk}": "officer" for t in Team.objects.filter(organisation=w.users["officer"].organisation)}),
    "council_person_deactivate":      Url(get="login    404     404          404  404        404           404 404 404 404 404 200 404",
                                              post="login 404   404          404  404        404           404 404 404 404 404 302 404",
                                          kwargs=lambda w: {"pk": w.users["collaborator"].pk},
                                          data=lambda w: {"successor": w.users["lead"].pk}),
    "council_person_two_factor_reset":
                                      Url(get="login    405     405          405  405        405           405 405 405 405 405 405 405",
                                              post="login 404   404          404  404        404           404 404 404 404 404 302 404",
                                          kwargs=lambda w: {"pk": w.users["officer"].pk}),
    "council_person_erase":           Url(get="login    404     404          404  404        404           404 404 404 404 404 200 404",
                                              post="login 404   404          404  404        404           404 404 404 404 404 302 404",
                                          kwargs=lambda w: {"pk": w.leaver.pk}),
    # Each council admin invites to their own council: the other council's teams are refused.
    "council_invite":                 Url(get="login    404     404          404  404        404           404 404 404 404 404 200 200",
                                              post="login 404   404          404  404        404           404 404 404 404 404 302 200",
                                          data=lambda w: {"full_name": "Nia Newcomer", "email": "nia@alpha.example",
                                                          "teams": [w.plan.team_id], "role": "officer"}),
    "council_invitation_resend":      Url(get="login    405     405          405  405        405           405 405 405 405 405 405 405",
                                              post="login 404   404          404  404        404           404 404 404 404 404 302 404",
                                          kwargs=lambda w: {"pk": w.invitation.pk}),
    "council_invitation_withdraw":    Url(get="login    405     405          405  405        405           405 405 405 405 405 405 405",
                                              post="login 404   404          404  404        404           404 404 404 404 404 302 404",
                                          kwargs=lambda w: {"pk": w.invitation.pk}),
    "council_two_factor":             Url(get="login    404     404          404  404        404           404 404 404 404 404 200 200",
                                              post="login 404   404          404  404        404           404 404 404 404 404 302 302",
                                          data=lambda w: {"require_two_factor": "no"}),
    "council_audit":                  Url(get="login    404     404          404  404        404           404 404 404 404 404 200 200"),
    # Site staff add councils.
    "council_create":                 Url(get="login    403     403          403  403        403           200 403 403 403 403 403 403",
                                              post="login 403   403          403  403        403           302 403 403 403 403 403 403",
                                          data=lambda w: {"name": "Gamma Borough Council", "nation": "wales",
                                                          "team_name": "Resettlement", "admin_name": "Gwen Admin",
                                                          "admin_email": "gwen@gamma.example"}),
    # Anyone holding a link; one that does not work is not found, for everyone.
    "invitation_accept":              Url(get="404      404     404          404  404        404           404 404 404 404 404 404 404",
                                              post="404 404     404          404  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"token": "not-a-token"}),
    # Two-factor sign-in: the step sends on whoever has passed it or has no app to pass it
    # with; set-up is every signed-in person's (staff see their app's state).
    "two_factor_verify":              Url(get="login    302     302          302  302        302           302 302 302 302 302 302 302",
                                              post="login 302   302          302  302        302           302 302 302 302 302 302 302"),
    "two_factor_setup":               Url(get="login    200     200          200  200        200           200 200 200 200 200 200 200",
                                              post="login 200   200          200  200        200           200 200 200 200 200 200 200",
                                          data=lambda w: {"code": "not-a-code"}),
    "two_factor_recovery_codes":      Url(get="login    405     405          405  405        405           405 405 405 405 405 405 405",
                                              post="login 302   302          302  302        302           200 302 302 302 302 302 302"),
    "two_factor_remove":              Url(get="login    405     405          405  405        405           405 405 405 405 405 405 405",
                                              post="login 302   302          302  302        302           302 302 302 302 302 302 302"),
    "account":                        Url(get="login    200     200          200  200        200           200 200 200 200 200 200 200"),
    "account_sign_out_elsewhere":     Url(get="login    405     405          405  405        405           405 405 405 405 405 405 405",
                                              post="login 302   302          302  302        302           302 302 302 302 302 302 302"),
    "session_extend":                 Url(get="login    405     405          405  405        405           405 405 405 405 405 405 405",
                                              post="login 302   302          302  302        302           302 302 302 302 302 302 302"),
    "domains:framework_overview":     Url(get="200      200     200          200  200        200           200 200 200 200 200 200 200"),
    "domains:domain_detail":          Url(get="200      200     200          200  200        200           200 200 200 200 200 200 200",
                                          kwargs=lambda w: {"slug": w.domain.slug}),
    "domains:indicator_list":         Url(get="200      200     200          200  200        200           200 200 200 200 200 200 200",
                                          query="?q=ESOL&page=2"),
    "domains:indicator_detail":       Url(get="200      200     200          200  200        200           200 200 200 200 200 200 200",
                                          kwargs=lambda w: {"pk": w.indicator.pk}),
    "domains:indicator_export_csv":   Url(get="200      200     200          200  200        200           200 200 200 200 200 200 200",
                                          query="?q=ESOL&type=&domain="),
    "domains:indicator_export_xlsx":  Url(get="200      200     200          200  200        200           200 200 200 200 200 200 200",
                                          query="?q=ESOL&type=&domain="),
    "theory_of_change:plan_list":     Url(get="login    200     200          200  200        200           200 200 200 200 200 200 200"),
    # Staff admins are in no team, so they have nowhere to put a plan.
    "theory_of_change:plan_create":   Url(get="login    200     200          200  200        200           403 200 403 200 200 403 403",
                                              post="login 302   302          302  302        302           403 302 403 302 302 403 403",
                                          data=lambda w: {"title": "Language café", "place": "Ashby Cross",
                                                          "intervention_kind": "new",
                                                          "audience": "Newcomers and their neighbours"}),
    "theory_of_change:plan_detail":   Url(get="login    200     200          200  404        404           404 404 404 404 404 404 404",
                                          kwargs=plan_kwargs),
    "theory_of_change:example_list":  Url(get="login    200     200          200  200        200           200 200 200 200 200 200 200"),
    "theory_of_change:example_detail":
                                      Url(get="login    200     200          200  200        200           200 200 200 200 200 200 200",
                                              post="login 302   302          302  302        302           403 302 403 302 302 403 403",
                                          kwargs=lambda w: {"slug": "friendship-club"}),
    # Editing is for the owner and collaborators; the team lead reviews, never edits.
    "theory_of_change:plan_tasks":    Url(get="login    200     200          404  404        404           404 404 404 404 404 404 404",
                                          kwargs=plan_kwargs),
    "theory_of_change:plan_step":     Url(get="login    200     200          404  404        404           404 404 404 404 404 404 404",
                                              post="login 302   302          404  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"plan_id": w.plan.pk, "slug": "problem-and-impact"},
                                          data=lambda w: {"problem": "Few places to meet", "impact": "People belong",
                                                          "version": w.version()}),
    "theory_of_change:item_add":      Url(get="login    200     200          404  404        404           404 404 404 404 404 404 404",
                                              post="login 302   302          404  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"plan_id": w.plan.pk, "kind": "barriers"},
                                          data=lambda w: {"text": "Shifts clash with sessions", "version": w.version()}),
    "theory_of_change:item_change":   Url(get="login    200     200          404  404        404           404 404 404 404 404 404 404",
                                              post="login 302   302          404  404        404           404 404 404 404 404 404 404",
                                          kwargs=outcome_kwargs,
                                          data=lambda w: {"text": "Neighbours meet weekly", "version": w.version()}),
    # The owner removes the outcome first, so the collaborator then finds nothing.
    "theory_of_change:item_remove":   Url(get="login    200     404          404  404        404           404 404 404 404 404 404 404",
                                              post="login 302   404          404  404        404           404 404 404 404 404 404 404",
                                          kwargs=outcome_kwargs,
                                          data=lambda w: {"version": w.version()}),
    # Moving is a button (POST only): a GET is refused before the plan is even looked up.
    "theory_of_change:item_move":     Url(get="login    405     405          405  405        405           405 405 405 405 405 405 405",
                                              post="login 302   302          404  404        404           404 404 404 404 404 404 404",
                                          kwargs=outcome_kwargs,
                                          data=lambda w: {"direction": "down", "version": w.version()}),
    "theory_of_change:outcome_indicators":
                                      Url(get="login    200     200          404  404        404           404 404 404 404 404 404 404",
                                              post="login 302   302          404  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"plan_id": w.plan.pk, "item_id": w.outcome.pk},
                                          data=lambda w: {"current": [w.indicator.pk], "version": w.version()}),
    # A button (POST only). The owner switches first, so the collaborator then finds nothing.
    "theory_of_change:indicator_switch":
                                      Url(get="login    405     405          405  405        405           405 405 405 405 405 405 405",
                                              post="login 302   404          404  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"plan_id": w.plan.pk, "indicator_id": w.replaced_indicator.pk},
                                          data=lambda w: {"version": w.version()}),
    "theory_of_change:council_indicator_add":
                                      Url(get="login    200     200          404  404        404           404 404 404 404 404 404 404",
                                              post="login 302   302          404  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"plan_id": w.plan.pk, "item_id": w.outcome.pk},
                                          data=lambda w: {"domain": w.domain.pk, "wording": "% at the café twice a month",
                                                          "version": w.version()}),
    "theory_of_change:evidence_add":  Url(get="login    200     200          404  404        404           404 404 404 404 404 404 404",
                                              post="login 302   302          404  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"plan_id": w.plan.pk, "item_id": w.assumption.pk},
                                          data=lambda w: {"kind": "survey", "source": "Residents survey 2025",
                                                          "strength": "moderate", "version": w.version()}),
    "theory_of_change:evidence_change":
                                      Url(get="login    200     200          404  404        404           404 404 404 404 404 404 404",
                                              post="login 302   302          404  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"plan_id": w.plan.pk, "item_id": w.assumption.pk,
                                                            "evidence_id": w.evidence.pk},
                                          data=lambda w: {"kind": "statistics", "source": "Residents survey 2026",
                                                          "strength": "strong", "version": w.version()}),
    # The owner removes the evidence first, so the collaborator then finds nothing.
    "theory_of_change:evidence_remove":
                                      Url(get="login    200     404          404  404        404           404 404 404 404 404 404 404",
                                              post="login 302   404          404  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"plan_id": w.plan.pk, "item_id": w.assumption.pk,
                                                            "evidence_id": w.evidence.pk},
                                          data=lambda w: {"version": w.version()}),
    # Evaluation plans: seen as the plan is, changed by its owner and collaborators only.
    "evaluation:evaluation_detail":   Url(get="login    200     200          200  404        404           404 404 404 404 404 404 404",
                                          kwargs=plan_with_outcome_kwargs),
    "evaluation:outcome_edit":        Url(get="login    200     200          404  404        404           404 404 404 404 404 404 404",
                                              post="login 302   302          404  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"plan_id": w.plan.pk, "outcome_id": w.outcome.pk},
                                          data=evaluation_outcome_data),
    "evaluation:evaluation_pdf":      Url(get="login    200     200          200  404        404           404 404 404 404 404 404 404",
                                          kwargs=plan_with_outcome_kwargs),
    "evaluation:evaluation_xlsx":     Url(get="login    200     200          200  404        404           404 404 404 404 404 404 404",
                                          kwargs=plan_with_outcome_kwargs),
    "evaluation:report_pdf":          Url(get="login    200     200          200  404        404           404 404 404 404 404 404 404",
                                          kwargs=plan_with_outcome_kwargs),
    "evaluation:report_docx":         Url(get="login    200     200          200  404        404           404 404 404 404 404 404 404",
                                          kwargs=plan_with_outcome_kwargs),
    "evaluation:document_job":       Url(get="login    200     200          200  404        404           404 404 404 404 404 404 404",
                                          kwargs=document_job_kwargs),
    "evaluation:measurement_list":    Url(get="login    200     200          200  404        404           404 404 404 404 404 404 404",
                                          kwargs=plan_with_outcome_kwargs),
    "evaluation:measurement_add":     Url(get="login    200     200          404  404        404           404 404 404 404 404 404 404",
                                              post="login 302   302          404  404        404           404 404 404 404 404 404 404",
                                          kwargs=plan_with_outcome_kwargs,
                                          data=lambda w: {"indicator": w.indicator.pk, "group": "newcomers",
                                                          "kind": "baseline", "measured_on_0": "1",
                                                          "measured_on_1": "4", "measured_on_2": "2026",
                                                          "value": "20", "source": "Café survey",
                                                          "version": w.version()}),
    # Removing is a button (POST only); the owner removes it first, so the collaborator finds nothing.
    # A confirmation page, then the removal. The owner removes it first, so the collaborator
    # then finds nothing.
    "evaluation:measurement_remove":  Url(get="login    200     404          404  404        404           404 404 404 404 404 404 404",
                                              post="login 302   404          404  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"plan_id": w.plan.pk, "measurement_id": w.measurement.pk},
                                          data=lambda w: {"version": w.version()}),
    "evaluation:target_set":          Url(get="login    200     200          404  404        404           404 404 404 404 404 404 404",
                                              post="login 302   302          404  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"plan_id": w.plan.pk, "indicator_id": w.outcome.indicators.get().pk},
                                          # A new date each time, so that the second save is not refused as a repeat.
                                          data=lambda w: {"group": "all", "direction": "increase", "value": "60",
                                                          "due_on_0": "31", "due_on_1": "3",
                                                          "due_on_2": str(2027 + w.version()), "version": w.version()}),
    # A confirmation page, then the removal; the owner removes it first.
    "evaluation:target_remove":       Url(get="login    200     404          404  404        404           404 404 404 404 404 404 404",
                                              post="login 302   404          404  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"plan_id": w.plan.pk, "indicator_id": w.target.indicator_id,
                                                            "target_id": w.target.pk},
                                          data=lambda w: {"version": w.version()}),
    "evaluation:group_list":          Url(get="login    200     200          404  404        404           404 404 404 404 404 404 404",
                                              post="login 302   302          404  404        404           404 404 404 404 404 404 404",
                                          kwargs=plan_kwargs,
                                          data=lambda w: {"name": f"Group {w.version()}", "version": w.version()}),
    "evaluation:group_remove":        Url(get="login    200     404          404  404        404           404 404 404 404 404 404 404",
                                              post="login 302   404          404  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"plan_id": w.plan.pk, "group_id": w.removable_group.pk},
                                          data=lambda w: {"version": w.version()}),
    # The council's portfolio: anyone in one of a council's teams, for their own council (a
    # person who moved council sees their new council's); nobody in no team (site staff,
    # council admins in no team, someone who left every team).
    "portfolio:portfolio":            Url(get="login    200     200          200  200        200           404 200 404 200 200 404 404",
                                          query="?team=&status=approved&domain=4"),
    "portfolio:portfolio_xlsx":       Url(get="login    200     200          200  200        200           404 200 404 200 200 404 404"),
    # An indicator across the portfolio: only where a plan of one's portfolio uses it (the
    # matrix plan's, shared with its team), so another council's people get 404, not its title.
    "portfolio:portfolio_indicator":  Url(get="login    200     200          200  200        404           404 404 404 200 404 404 404",
                                          kwargs=lambda w: {"indicator_id": w.outcome.indicators.get().pk}),
    # Review: the plan's authors and its team's lead, within the council; nobody else. A comment
    # or a reply is written on a page of its own (GET), sent to the same address (POST).
    "theory_of_change:plan_review":   Url(get="login    200     200          200  404        404           404 404 404 404 404 404 404",
                                          kwargs=plan_kwargs),
    "theory_of_change:review_comment_add":
                                      Url(get="login    200     200          200  404        404           404 404 404 404 404 404 404",
                                              post="login 302   302          302  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"plan_id": w.plan.pk, "section": "domains"},
                                          data=lambda w: {"comment-domains-text": "Say why these domains"}),
    "theory_of_change:review_comment_reply":
                                      Url(get="login    200     200          200  404        404           404 404 404 404 404 404 404",
                                              post="login 302   302          302  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"plan_id": w.plan.pk, "comment_id": w.comment.pk},
                                          data=lambda w: {f"reply-{w.comment.pk}-text": "They match the problem"}),
    "theory_of_change:review_comment_resolve":
                                      Url(get="login    405     405          405  405        405           405 405 405 405 405 405 405",
                                              post="login 302   302          302  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"plan_id": w.plan.pk, "comment_id": w.comment.pk}),
    # The owner submits the draft first; then it is submitted, and submitting again is refused
    # (403, with the reason) to the collaborator, and to the lead, who never submits.
    "theory_of_change:plan_transition":
                                      Url(get="login    200     403          403  404        404           404 404 404 404 404 404 404",
                                              post="login 302   403          403  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"plan_id": w.plan.pk, "slug": "submit"},
                                          data=lambda w: {"submit-version": w.version()}),
    # Only the owner chooses collaborators.
    "theory_of_change:plan_collaborators":
                                      Url(get="login    200     404          404  404        404           404 404 404 404 404 404 404",
                                              post="login 302   404          404  404        404           404 404 404 404 404 404 404",
                                          kwargs=plan_kwargs,
                                          data=lambda w: {"user": w.users["lead"].pk, "version": w.version()}),
    # The owner removes carol first, so she is then no collaborator to remove.
    "theory_of_change:plan_collaborator_remove":
                                      Url(get="login    405     405          405  405        405           405 405 405 405 405 405 405",
                                              post="login 302   404          404  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"plan_id": w.plan.pk, "user_id": w.users["collaborator"].pk},
                                          data=lambda w: {f"remove-{w.users['collaborator'].pk}-version": w.version()}),
    "notifications:notification_list":
                                      Url(get="login    200     200          200  200        200           200 200 200 200 200 200 200"),
    "notifications:notifications_mark_read":
                                      Url(get="login    405     405          405  405        405           405 405 405 405 405 405 405",
                                              post="login 302   302          302  302        302           302 302 302 302 302 302 302"),
    # Everyone who sees the plan sees its history; only those who may change it restore it.
    "theory_of_change:plan_history": Url(get="login    200     200          200  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: w.history and plan_kwargs(w)),
    "theory_of_change:plan_history_compare":
                                      Url(get="login    200     200          200  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: w.history and plan_kwargs(w), query="?from=1&to=2"),
    "theory_of_change:plan_history_restore":
                                      Url(get="login    200     200          404  404        404           404 404 404 404 404 404 404",
                                              post="login 302   302          404  404        404           404 404 404 404 404 404 404",
                                          kwargs=lambda w: {"plan_id": w.plan.pk, "number": w.history},
                                          data=lambda w: {"version": w.version()}),
    "toolkit_import:import_list":     Url(get="login    403     403          403  403        403           200 403 403 403 403 403 403"),
    "toolkit_import:import_upload":   Url(get="login    403     403          403  403        403           200 403 403 403 403 403 403",
                                              post="login 403   403          403  403        403           302 403 403 403 403 403 403",
                                          data=lambda w: {"workbook": SimpleUploadedFile(
                                              "toolkit.xlsx", toolkit_workbook())}),
    "toolkit_import:import_detail":   Url(get="login    403     403          403  403        403           200 403 403 403 403 403 403",
                                          kwargs=toolkit_import_kwargs),
    "toolkit_import:import_mapping":  Url(get="login    403     403          403  403        403           200 403 403 403 403 403 403",
                                              post="login 403   403          403  403        403           302 403 403 403 403 403 403",
                                          kwargs=toolkit_import_kwargs,
                                          data=lambda w: {
                                              key: "" if value is None else str(value)
                                              for key, value in w.toolkit_import.column_mapping.items()}),
    "toolkit_import:import_apply":    Url(get="login    403     403          403  403        403           405 403 403 403 403 403 403",
                                              post="login 403   403          403  403        403           302 403 403 403 403 403 403",
                                          kwargs=toolkit_import_kwargs,
                                          # A small file retires most of the bank: confirmed.
                                          data=lambda w: {"confirmation": str(w.toolkit_import.counts["retired"])}),
    "toolkit_import:import_rejected_rows":
                                      Url(get="login    403     403          403  403        403           200 403 403 403 403 403 403",
                                          kwargs=toolkit_import_kwargs),
    "admin":                          Url(get="admin-login admin-login admin-login admin-login admin-login admin-login 200 admin-login admin-login admin-login admin-login admin-login admin-login"),
}
# fmt: on

# Tables the requests themselves write to, whatever the view does: not "changes".
NOT_DATA = {
    "sessions.session",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    # Attempts counted for throttling (an unknown invitation link counts, though refused).
    "ioi_planner.attempt",
}


def answers(row: str) -> dict[str, str]:
    tokens = row.split()
    assert len(tokens) == len(ROLES), f"{row!r} needs one answer for each of {ROLES}"
    return dict(zip(ROLES, tokens, strict=True))


def url_names() -> list[str]:
    """Every URL name in the URLconf, namespaced; the admin as one entry. Unnamed patterns are
    listed by their route, so they fail for want of a row rather than being skipped."""

    def walk(patterns, namespace: str, prefix: str):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace == "admin":
                    yield "admin"
                    continue
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}{entry.namespace}:"
                yield from walk(entry.url_patterns, inner, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                if entry.name:
                    yield f"{namespace}{entry.name}"
                else:
                    yield f"<unnamed pattern {prefix}{entry.pattern}>"

    return sorted(set(walk(get_resolver().url_patterns, "", "")))


WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


@contextmanager
def data_writes() -> Iterator[list[str]]:
    """The data tables the statements run inside the block wrote rows to.

    Watching the statements a request runs, rather than hashing every table before and after
    (framework data included), is what keeps the matrix quick; it is also stricter: a refused
    request may not even rewrite a row with the values it had."""
    ignored = {apps.get_model(label)._meta.db_table for label in NOT_DATA}
    written: list[str] = []

    def record(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        match = WRITE.match(sql)
        # An INSERT always writes (SQLite reports no row count for INSERT … RETURNING); an
        # UPDATE or DELETE writes if it matched a row.
        inserted = match and match[1].upper().startswith("INSERT")
        if match and match[2] not in ignored and (inserted or context["cursor"].rowcount != 0):
            written.append(match[2])
        return result

    with connection.execute_wrapper(record):
        yield written


def matches(response, expected: str) -> bool:
    status = response.status_code
    if expected == "login":
        location = response.headers.get("Location", "")
        return status == 302 and location.startswith(resolve_url(settings.LOGIN_URL) + "?next=")
    if expected == "admin-login":
        location = response.headers.get("Location", "")
        return status == 302 and location.startswith(reverse("admin:login") + "?next=")
    if expected == "302":
        location = response.headers.get("Location", "")
        return status == 302 and not location.startswith(resolve_url(settings.LOGIN_URL))
    return str(status) == expected


class PostForms(HTMLParser):
    """Counts the <form method="post"> of a page and those that carry a CSRF token."""

    def __init__(self):
        super().__init__()
        self.forms: list[bool] = []  # one entry per POST form: has it a csrfmiddlewaretoken?
        self._in_post_form = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and (attributes.get("method") or "").lower() == "post":
            self._in_post_form = True
            self.forms.append(False)
        elif (
            tag == "input"
            and self._in_post_form
            and attributes.get("name") == "csrfmiddlewaretoken"
            and attributes.get("value")
        ):
            self.forms[-1] = True

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_post_form = False


def post_forms_without_csrf(response) -> int:
    if "text/html" not in response.headers.get("Content-Type", ""):
        return 0
    parser = PostForms()
    parser.feed(response.content.decode())
    return parser.forms.count(False)


def describe(response) -> str:
    location = response.headers.get("Location")
    return f"{response.status_code}" + (f" to {location}" if location else "")


def left(user, *, moved_to=None):
    """The user leaves every team they are in, and joins `moved_to` if given."""
    user.memberships.all().delete()
    if moved_to is not None:
        MembershipFactory(team=moved_to, user=user)
    user.refresh_from_db()
    return user


@pytest.fixture
def world(alice, carol, lena, bob, charlie, admin_user, team, other_team, beta_team) -> World:
    plan = Plan.objects.create(
        team=team, owner=alice, title="Friendship club", shared_with_team=True
    )
    plan.collaborators.add(carol)
    was_in_team = {
        name: MembershipFactory(team=team, user__email=f"{name}@alpha.example").user
        for name in ("olga", "fred", "maya", "max")
    }
    plan.collaborators.add(was_in_team["fred"], was_in_team["maya"], was_in_team["max"])
    domain = Domain.objects.get(number=9)
    return World(
        users={
            "anonymous": None,
            "officer": alice,
            "collaborator": carol,
            "lead": lena,
            "other_team": bob,
            "other_council": charlie,
            "admin": admin_user,
            "former_owner": left(was_in_team["olga"], moved_to=beta_team),
            "former_collaborator": left(was_in_team["fred"]),
            "moved_team": left(was_in_team["maya"], moved_to=other_team),
            "moved_council": left(was_in_team["max"], moved_to=beta_team),
            "council_admin": UserFactory(
                email="council-admin@alpha.example",
                is_council_admin=True,
                organisation=team.organisation,
            ),
            "other_council_admin": UserFactory(
                email="council-admin@beta.example",
                is_council_admin=True,
                organisation=beta_team.organisation,
            ),
        },
        plan=plan,
        domain=domain,
        indicator=domain.indicators.first(),
    )


def as_role(client, world: World, role: str):
    # The plan is the former owner's while that role is checked, and alice's otherwise.
    owner = world.users["former_owner" if role == "former_owner" else "officer"]
    Plan.objects.filter(pk=world.plan.pk).update(owner=owner)
    # Signed out, as a browser without the session cookie is.
    client.cookies.pop(settings.SESSION_COOKIE_NAME, None)
    if world.users[role] is not None:
        sign_in_as(client, world, role)
    return client


def sign_in_as(client, world: World, role: str) -> None:
    """A new session of the role's person, signed in and past the two-factor step.

    The role's first sign-in in a test is a real one (sign_in_with_two_factor); later ones copy
    what it left in its session into a new session, which costs one write instead of a sign-in
    and its records (a role signs in twice for each URL). The copy is made only while it is
    what a sign-in would leave now: the person's session hash (their password and "sign out of
    all other devices" change it) and their authenticator app are read afresh, and any change
    means a real sign-in again."""
    user = type(world.users[role]).objects.get(pk=world.users[role].pk)
    device = app_device(user)
    device_id = device.persistent_id if device is not None else None
    saved = world.sessions.get(role)
    if (
        saved is None
        or saved.get(HASH_SESSION_KEY) != user.get_session_auth_hash()
        or saved.get(DEVICE_ID_SESSION_KEY) != device_id
    ):
        sign_in_with_two_factor(client, user)
        world.sessions[role] = dict(client.session.items())
        return
    session = SessionStore()
    session.update(saved)
    session.create()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key


# The Django admin lets in active staff and no one else (AdminSite.has_permission), whatever a
# person's council, teams or plans. So every role is asked for its index, and each of its pages
# is asked by one role of each kind the admin could tell apart: signed out, a signed-in officer,
# a council admin (the most a council gives) and staff.
ADMIN_ROLES = ("anonymous", "officer", "council_admin", "admin")


def check_admin(client, world: World, row: Url) -> list[str]:
    """The admin as a whole: its index, and each registered model's list and add pages (where
    the admin offers adding: django-axes' records, for one, are read-only)."""
    staff_request = RequestFactory().get("/")
    staff_request.user = world.users["admin"]
    paths = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        paths.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        if model_admin.has_add_permission(staff_request):
            paths.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
    problems = []
    for role, expected in answers(row.get).items():
        for path in paths if role in ADMIN_ROLES else paths[:1]:
            response = as_role(client, world, role).get(path)
            if not matches(response, expected):
                problems.append(
                    f"GET {path} as {role}: expected {expected}, got {describe(response)}"
                )
            if missing := post_forms_without_csrf(response):
                problems.append(f"GET {path} as {role}: {missing} POST form(s) without CSRF")
            if expected in REFUSED:
                as_role(client, world, role)
                with data_writes() as written:
                    response = client.post(path, {})
                if not matches(response, expected) or written:
                    problems.append(
                        f"POST {path} as {role} was not refused cleanly (wrote to {written})"
                    )
    return problems


@pytest.mark.parametrize("name", url_names())
def test_every_url_answers_each_role_as_declared(client, world, name):
    assert name in MATRIX, (
        f"{name} has no row in tests/test_access_matrix.py MATRIX: declare who may use it."
    )
    row = MATRIX[name]
    if name == "admin":
        problems = check_admin(client, world, row)
        assert not problems, "\n".join(problems)
        return

    path = reverse(name, kwargs=row.kwargs(world)) + row.query
    get_answers = answers(row.get)
    post_answers = answers(row.post) if row.post else None
    problems = []
    for role in ROLES:
        response = as_role(client, world, role).get(path)
        if not matches(response, get_answers[role]):
            problems.append(
                f"GET {path} as {role}: expected {get_answers[role]}, got {describe(response)}"
            )
        if missing := post_forms_without_csrf(response):
            problems.append(f"GET {path} as {role}: {missing} POST form(s) without a CSRF token")

        as_role(client, world, role)
        with data_writes() as written:
            response = client.post(path, row.data(world))
        if post_answers is None:
            allowed = matches(response, get_answers[role]) or response.status_code == 405
            if not allowed:
                problems.append(f"POST {path} as {role}: answered {describe(response)}")
            if written:
                problems.append(f"POST {path} as {role} wrote to {written}, but declares no POST")
        else:
            if not matches(response, post_answers[role]):
                problems.append(
                    f"POST {path} as {role}: expected {post_answers[role]}, "
                    f"got {describe(response)}"
                )
            if post_answers[role] in REFUSED and written:
                problems.append(f"POST {path} as {role} was refused but wrote to {written}")
    assert not problems, "\n".join(problems)


def test_every_row_of_the_matrix_is_still_a_url():
    stale = sorted(set(MATRIX) - set(url_names()))
    assert not stale, f"Rows for URLs that no longer exist: {stale}"


def test_the_csrf_check_finds_a_post_form_without_a_token():
    class Page:
        headers = {"Content-Type": "text/html; charset=utf-8"}
        content = (
            b'<form method="post"><input name="csrfmiddlewaretoken" value="t"></form>'
            b'<form method="POST"><input name="q"></form><form method="get"></form>'
        )

    assert post_forms_without_csrf(Page()) == 1


def test_the_admin_lives_at_the_configured_path():
    assert reverse("admin:index") == "/" + settings.ADMIN_URL


def test_data_writes_sees_rows_written_and_nothing_else(world):
    plan = world.plan
    with data_writes() as written:
        Plan.objects.filter(pk=plan.pk).values_list("title").get()
        Plan.objects.filter(pk=uuid.uuid4()).update(title="Nobody’s")
    assert written == [], "reads, and writes that touch no row, are not writes"

    with data_writes() as written:
        Plan.objects.filter(pk=plan.pk).update(title=plan.title)
        Assumption.objects.create(plan=plan, text="People will come")
    assert written == [Plan._meta.db_table, Assumption._meta.db_table], (
        "a row written is a write, even with the values it had"
    )

    with data_writes() as written:
        session = SessionStore()
        session["seen"] = True
        session.save()
    assert written == [], "a session is not data"
