import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.evaluation import demo_evaluation
from demo.plans import demo_plan
from demo.readiness import demo_readiness
from ioi_planner.models import Nation, Role, User
from ioi_planner.services import member_add, organisation_with_team

# For local use only: the README says so, and the command refuses to run with DEBUG off
# unless told to, so a production site never gets demo accounts with a known password.
DEFAULT_DEMO_PASSWORD = "demo-password-local-only"  # noqa: S105


class Command(BaseCommand):
    help = "Create demo councils, teams and users to sign in with (local use only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Run even though DEBUG is off (never on a live site).",
        )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError(
                "seed_demo creates accounts with a known password; it runs only with DEBUG=true."
            )
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
        england = organisation_with_team(
            name="Demo City Council",
            slug="demo-city-council",
            nation=Nation.ENGLAND,
            team_name="Communities and Integration",
        )
        wales = organisation_with_team(
            name="Demo County Borough Council",
            slug="demo-county-borough-council",
            nation=Nation.WALES,
            team_name="Community Cohesion",
        )
        member_add(
            team=england,
            email="officer@demo.example",
            password=password,
            role=Role.OFFICER,
            full_name="Olu Officer",
        )
        member_add(
            team=england,
            email="lead@demo.example",
            password=password,
            role=Role.TEAM_LEAD,
            full_name="Lee Lead",
        )
        member_add(
            team=wales,
            email="other-officer@demo.example",
            password=password,
            role=Role.OFFICER,
            full_name="Owen Other",
        )
        council_admin, _created = User.objects.get_or_create(email="council-admin@demo.example")
        council_admin.full_name = "Cara Council-Admin"
        council_admin.is_council_admin = True
        council_admin.organisation = england.organisation
        council_admin.set_password(password)
        council_admin.save()
        admin, _created = User.objects.get_or_create(email="admin@demo.example")
        admin.full_name = "Ada Admin"
        admin.is_staff = True
        admin.is_superuser = True
        admin.set_password(password)
        admin.save()
        self.stdout.write(
            self.style.SUCCESS(
                "Demo users ready: officer@demo.example, lead@demo.example, "
                "council-admin@demo.example, admin@demo.example, other-officer@demo.example."
            )
        )
        # A plan waiting for the demo lead's review, then its evaluation, partly filled in;
        # the team's first readiness round, reviewed.
        for step in (demo_plan, demo_evaluation, demo_readiness):
            self.stdout.write(self.style.SUCCESS(step()))
