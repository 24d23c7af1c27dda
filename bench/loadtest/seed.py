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
    path.write_text(
        json.dumps(
            {
                "password": password,
                "people": people,
                "indicators": [f"/indicators/{pk}/" for pk in indicators],
                "domains": [domain.get_absolute_url() for domain in domain_model.objects.all()],
                "searches": ["ESOL", "housing", "hate crime", "volunteering", "school", "health"],
            }
        )
    )
