import factory
from django.conf import settings

from domains.models import Indicator, Provenance
from ioi_planner.models import Membership, Nation, Organisation, Role, Team, User

# Which pass of bin/test this is: tests that split their examples between the two passes read it.
ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")

TEST_PASSWORD = "correct horse battery staple"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Council {n}")
    slug = factory.Sequence(lambda n: f"council-{n}")
    nation = Nation.ENGLAND


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy hook
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    team = factory.SubFactory(TeamFactory)
    role = Role.OFFICER


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"T-{n:05d}")
    wording = factory.Sequence(lambda n: f"% of residents reporting test outcome {n}")
    provenance = Provenance.STARTER


# --- Plans and their parts (theory_of_change) ----------------------------------------------------


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "theory_of_change.Plan"

    team = factory.SubFactory(TeamFactory)
    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Plan {n}")


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "theory_of_change.Outcome"

    plan = factory.SubFactory(PlanFactory)
    text = factory.Sequence(lambda n: f"Outcome {n}")
    position = factory.Sequence(lambda n: n)


class OutputFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "theory_of_change.Output"

    plan = factory.SubFactory(PlanFactory)
    text = factory.Sequence(lambda n: f"Output {n}")
    position = factory.Sequence(lambda n: n)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "theory_of_change.Activity"

    plan = factory.SubFactory(PlanFactory)
    text = factory.Sequence(lambda n: f"Activity {n}")
    position = factory.Sequence(lambda n: n)


class BarrierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "theory_of_change.Barrier"

    plan = factory.SubFactory(PlanFactory)
    text = factory.Sequence(lambda n: f"Barrier {n}")
    position = factory.Sequence(lambda n: n)


class AssumptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "theory_of_change.Assumption"

    plan = factory.SubFactory(PlanFactory)
    text = factory.Sequence(lambda n: f"Assumption {n}")
    position = factory.Sequence(lambda n: n)


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "theory_of_change.Evidence"

    assumption = factory.SubFactory(AssumptionFactory)
    kind = "survey"
    source = factory.Sequence(lambda n: f"Residents' survey {n}")
    strength = "moderate"


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "theory_of_change.Stakeholder"

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Stakeholder {n}")
    kind = "voluntary"
    responsibility = "Runs the sessions."
    position = factory.Sequence(lambda n: n)


def sign_in_with_two_factor(client, user):
    """Sign the test client in as `user` past the two-factor step, as if they had typed their
    app's code: site staff (and the people of a council that requires it) reach nothing else
    until they have. The step itself is tested through its pages in
    tests/ioi_planner/test_two_factor.py."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ioi_planner.two_factor import app_device, two_factor_required

    client.force_login(user)
    device = app_device(user)
    if device is None and two_factor_required(user):
        device = TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def measurement_group(plan, name: str = "newcomers"):
    """One of the plan's measurement groups: a ready-made one by its kind ("newcomers",
    "receiving", "all"), or one of its own by name."""
    from evaluation.models import GroupKind, MeasurementGroup

    if name in {GroupKind.NEWCOMERS, GroupKind.RECEIVING, GroupKind.ALL}:
        return MeasurementGroup.objects.get_or_create(plan=plan, kind=name)[0]
    return MeasurementGroup.objects.get_or_create(plan=plan, kind=GroupKind.OWN, name=name)[0]
