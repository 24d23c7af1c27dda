"""The load test's data: officers in several councils, each with plans, and what the virtual
users need to find them, written to a JSON file for the locustfile."""

import json
import secrets
from pathlib import Path

from django.apps import apps
from django.db import transaction

from ioi_planner.models import Membership, Nation, Organisation, Role, Team, User

COUNCILS = 5
PLANS_PER_OFFICER = 2


@transaction.atomic
def load_seed(*, path: Path, users: int) -> None:
    """Create `users` officers over COUNCILS councils, with PLANS_PER_OFFICER plans each."""
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
                team=team, owner=user, title=f"Plan {plan} of officer {number}"
            ).get_absolute_url()
            for plan in range(PLANS_PER_OFFICER)
        ]
        people.append({"email": user.email, "plans": plans})
    indicators = list(
        indicator_model.objects.filter(organisation__isnull=True).values_list("pk", flat=True)
    )
    long_work = _long_work(path=path, team=teams[0], password_hash=template.password)
    path.write_text(
        json.dumps(
            {
                "password": password,
                "people": people,
                "indicators": [f"/indicators/{pk}/" for pk in indicators],
                "domains": [domain.get_absolute_url() for domain in domain_model.objects.all()],
                "searches": ["ESOL", "housing", "hate crime", "volunteering", "school", "health"],
                "long_work": long_work,
            }
        )
    )


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
