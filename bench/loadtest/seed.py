"""The load test's data: officers in several councils, each with plans shared with their team,
a team lead for each council's team, each team's readiness round, and what the virtual users
need to find them, written to a JSON file for the locustfile."""

import datetime
import json
import secrets
from pathlib import Path

from django.apps import apps
from django.db import transaction

from ioi_planner.models import Membership, Nation, Organisation, Role, Team, User

COUNCILS = 5
PLANS_PER_OFFICER = 2
LEAD_PLANS = 10  # the team's plans each lead's virtual user reviews


@transaction.atomic
def load_seed(*, path: Path, users: int) -> None:
    """Create `users` officers over COUNCILS councils, with PLANS_PER_OFFICER plans each, shared
    with their team; a team lead and a readiness round (answered, one action) per team."""
    plan_model = apps.get_model("theory_of_change", "Plan")  # core must not import it
    indicator_model = apps.get_model("domains", "Indicator")
    domain_model = apps.get_model("domains", "Domain")
    password = secrets.token_urlsafe(16)
    # One hash for every account: hashing is deliberately slow, and is not what is measured.
    template = User(email="template@load.example")
    template.set_password(password)
    teams = []
    for number in range(COUNCILS):
        organisation = Organisation.objects.create(
            name=f"Load Council {number}",
            slug=f"load-council-{number}",
            nation=Nation.WALES if number % 2 else Nation.ENGLAND,
        )
        teams.append(Team.objects.create(organisation=organisation, name="Integration"))
    people = []
    for number in range(users):
        user = User.objects.create(
            email=f"load-{number}@load.example",
            full_name=f"Load Officer {number}",
            password=template.password,
        )
        team = teams[number % COUNCILS]
        Membership.objects.create(user=user, team=team, role=Role.OFFICER)
        plans = [
            plan_model.objects.create(
                team=team,
                owner=user,
                title=f"Plan {plan} of officer {number}",
                shared_with_team=True,
            ).get_absolute_url()
            for plan in range(PLANS_PER_OFFICER)
        ]
        people.append({"email": user.email, "plans": plans})
    indicators = list(
        indicator_model.objects.filter(organisation__isnull=True).values_list("pk", flat=True)
    )
    leads = _leads(teams, people, password_hash=template.password)
    long_work = _long_work(path=path, team=teams[0], password_hash=template.password)
    path.write_text(
        json.dumps(
            {
                "password": password,
                "people": people,
                "leads": leads,
                "indicators": [f"/indicators/{pk}/" for pk in indicators],
                "domains": [domain.get_absolute_url() for domain in domain_model.objects.all()],
                "searches": ["ESOL", "housing", "hate crime", "volunteering", "school", "health"],
                "long_work": long_work,
            }
        )
    )


def _leads(teams: list[Team], people: list[dict], *, password_hash: str) -> list[dict]:
    """A team lead for each team, with the team's first plans to review; and the team's
    readiness round, answered in every area with an action, for the leads' pages."""
    from readiness import assessment_services
    from readiness.models import Area

    leads = []
    for number, team in enumerate(teams):
        lead = User.objects.create(
            email=f"load-lead-{number}@load.example",
            full_name=f"Load Lead {number}",
            password=password_hash,
        )
        Membership.objects.create(user=lead, team=team, role=Role.TEAM_LEAD)
        officer = User.objects.get(email=people[number]["email"])
        assessment = assessment_services.assessment_start(user=officer, team=team)
        for area in Area.values:
            assessment_services.area_save(
                assessment=assessment,
                version=assessment.version,
                user=officer,
                area=area,
                rating="partly",
                challenges="Little time to gather data",
                response="Share the work",
            )
        assessment_services.action_save(
            assessment=assessment,
            version=assessment.version,
            user=officer,
            action=None,
            area=Area.values[0],
            text="Set up a data log",
            owner=officer,
            due=datetime.date.today() + datetime.timedelta(days=14),
        )
        plans = [url for person in people[number::COUNCILS] for url in person["plans"]]
        leads.append(
            {
                "email": lead.email,
                "plans": plans[:LEAD_PLANS],
                "assessment": assessment.get_absolute_url(),
            }
        )
    return leads


def _long_work(*, path: Path, team: Team, password_hash: str) -> dict:
    """What the load test's long work needs (issue 15): the largest plan the service allows,
    its evaluation filled in, owned by an officer of its own; a member of site staff with an
    authenticator app (its key, so the virtual user can make codes); and the largest toolkit
    file allowed, written beside the seed."""
    from django.conf import settings
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from bench.evaluation import largest_allowed_plan
    from toolkit_import import generator

    officer = User.objects.create(
        email="load-large@load.example", full_name="Large Plan Officer", password=password_hash
    )
    Membership.objects.create(user=officer, team=team, role=Role.OFFICER)
    plan = largest_allowed_plan(owner=officer, team=team)
    staff = User.objects.create(
        email="load-staff@load.example",
        full_name="Load Site Staff",
        password=password_hash,
        is_staff=True,
    )
    device = TOTPDevice.objects.create(user=staff, name="Load test app", confirmed=True)
    toolkit = path.with_name("largest-toolkit.xlsx")
    generator.write_toolkit_workbook(toolkit, rows=settings.TOOLKIT_IMPORT_MAX_ROWS)
    return {
        "officer": officer.email,
        "plan": plan.get_absolute_url(),
        "parts": dict(settings.PLAN_MAX_PARTS),
        "staff": staff.email,
        "staff_totp_key": device.key,
        "toolkit_file": str(toolkit),
        "toolkit_rows": settings.TOOLKIT_IMPORT_MAX_ROWS,
    }
