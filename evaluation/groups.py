"""The groups of people a plan measures, defined once per plan (issue 18).

Every plan offers the ready-made groups (newcomers, the receiving community, all residents);
their rows are made when first used. A plan names groups of its own on its groups page; a name
is folded (spaces collapsed, case ignored) so that one group is never spelt two ways, and a
group that measurements or targets use cannot be removed.
"""

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from domains.languages import text_in_language
from ioi_planner.models import User
from theory_of_change.models import Plan
from theory_of_change.versioning import plan_change

from .models import READY_MADE_GROUPS, GroupKind, MeasurementGroup, fold_group_name

NAME_MAX_LENGTH: int = MeasurementGroup._meta.get_field("name").max_length or 100
# What people call the ready-made groups: an own group may not take one of these names.
READY_MADE_NAMES = {
    "newcomers": GroupKind.NEWCOMERS,
    "newcomer": GroupKind.NEWCOMERS,
    "receiving community": GroupKind.RECEIVING,
    "the receiving community": GroupKind.RECEIVING,
    "long-standing residents": GroupKind.RECEIVING,
    "all residents": GroupKind.ALL,
}


def plan_groups(plan: Plan) -> list[MeasurementGroup]:
    """The ready-made groups (saved or not yet) and then the plan's own, in the order made."""
    saved = list(MeasurementGroup.objects.filter(plan=plan))
    ready = {group.kind: group for group in saved if group.kind != GroupKind.OWN}
    groups = [
        ready.get(kind) or MeasurementGroup(plan=plan, kind=kind) for kind in READY_MADE_GROUPS
    ]
    return groups + [group for group in saved if group.kind == GroupKind.OWN]


def group_choices(plan: Plan) -> list[tuple[str, str]]:
    """The choices of a form's group field: ready-made groups by kind, own groups by id."""
    return [(group.choice, str(group)) for group in plan_groups(plan)]


def group_for_choice(plan: Plan, choice: str) -> MeasurementGroup | None:
    """The group a form's choice names, its row made if it is a ready-made group not used yet;
    None if the choice is not one of the plan's."""
    if choice in READY_MADE_GROUPS:
        group, _created = MeasurementGroup.objects.get_or_create(plan=plan, kind=choice)
        return group
    if choice.isdigit():
        return MeasurementGroup.objects.filter(plan=plan, kind=GroupKind.OWN, pk=choice).first()
    return None


def _check_name(plan: Plan, name: str) -> str:
    name = fold_group_name(name)
    if not name:
        raise ValidationError({"name": _("Enter the group’s name")})
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            {
                "name": _("The name must be %(limit)d characters or fewer")
                % {"limit": NAME_MAX_LENGTH}
            }
        )
    ready = READY_MADE_NAMES.get(name.casefold())
    if ready is not None or name.casefold() in {
        str(kind.label).casefold() for kind in READY_MADE_GROUPS
    }:
        raise ValidationError(
            {"name": _("Every plan already has this group: choose it when you record a value")}
        )
    if MeasurementGroup.objects.filter(plan=plan, kind=GroupKind.OWN, name__iexact=name).exists():
        raise ValidationError({"name": _("The plan already has a group with this name")})
    return name


def group_add(*, plan: Plan, version: int, name: str, user: User | None = None) -> MeasurementGroup:
    """Name a group of the plan's own, such as "young people" or "Afghan families"."""
    name = _check_name(plan, name)
    with plan_change(
        plan=plan,
        version=version,
        user=user,
        section="evaluation",
        action="group-add",
        subject=name,
    ):
        group = MeasurementGroup.objects.create(plan=plan, kind=GroupKind.OWN, name=name)
    return group


def group_uses(group: MeasurementGroup) -> list[str]:
    """What uses a group, in words: its measurements and targets."""
    uses = [
        _("a measurement of “%(indicator)s” on %(date)s")
        % {
            "indicator": text_in_language(m.indicator, "wording"),
            "date": date_format(m.measured_on, "j F Y"),
        }
        for m in group.measurements.select_related("indicator").order_by("measured_on", "pk")
    ]
    uses += [
        _("a target for “%(indicator)s”") % {"indicator": text_in_language(t.indicator, "wording")}
        for t in group.targets.select_related("indicator").order_by("pk")
    ]
    return uses


def group_remove(
    *, plan: Plan, version: int, group: MeasurementGroup, user: User | None = None
) -> None:
    """Remove one of the plan's own groups, unless measurements or targets use it."""
    if group.plan_id != plan.pk or group.kind != GroupKind.OWN:
        raise ValidationError(_("Only a group the plan named itself can be removed"))
    uses = group_uses(group)
    if uses:
        raise ValidationError(
            _("“%(group)s” is used by %(uses)s. Remove those first, then the group.")
            % {"group": group.name, "uses": "; ".join(uses)}
        )
    with plan_change(
        plan=plan,
        version=version,
        user=user,
        section="evaluation",
        action="group-remove",
        subject=group.name,
    ):
        group.delete()
