"""Groups defined once per plan, and targets per group over time (issue 18).

A measurement's free-text group becomes one of the plan's groups: names are folded (spaces
collapsed, case ignored) so that "newcomers" and "Newcomers " are one group, and the names of
the ready-made groups become those groups. Nothing is lost: every measurement keeps its value,
and an own group keeps the spelling first used. A target, until now one per indicator for every
group, becomes one target for each group measured on that indicator (all residents when none
is), in the direction from the group's baseline to the target.
"""

from django.db import migrations

READY_MADE_NAMES = {
    "newcomers": "newcomers",
    "newcomer": "newcomers",
    "receiving community": "receiving",
    "the receiving community": "receiving",
    "receiving community (long-standing residents)": "receiving",
    "the receiving community (long-standing residents)": "receiving",
    "long-standing residents": "receiving",
    "all residents": "all",
}


def fold(name):
    return " ".join(name.split())


def groups_from_text(apps, schema_editor):
    Group = apps.get_model("evaluation", "MeasurementGroup")
    Measurement = apps.get_model("evaluation", "Measurement")
    Target = apps.get_model("evaluation", "IndicatorTarget")
    groups = {}

    def group_for(plan_id, text):
        name = fold(text) or "All residents"
        kind = READY_MADE_NAMES.get(name.casefold(), "own")
        key = (plan_id, kind, "" if kind != "own" else name.casefold())
        if key not in groups:
            groups[key] = Group.objects.create(
                plan_id=plan_id, kind=kind, name=name if kind == "own" else ""
            )
        return groups[key]

    for measurement in Measurement.objects.order_by("pk"):
        measurement.group_ref = group_for(measurement.plan_id, measurement.group)
        measurement.save(update_fields=["group_ref"])

    for target in Target.objects.order_by("pk"):
        measured = list(
            Measurement.objects.filter(plan_id=target.plan_id, indicator_id=target.indicator_id)
            .order_by("measured_on", "pk")
        )
        baselines = {}
        for m in measured:
            if m.kind == "baseline":
                baselines.setdefault(m.group_ref_id, m.value)
        group_ids = list(dict.fromkeys(m.group_ref_id for m in measured)) or [
            group_for(target.plan_id, "All residents").pk
        ]
        for number, group_id in enumerate(group_ids):
            baseline = baselines.get(group_id)
            direction = "decrease" if baseline is not None and target.value < baseline else "increase"
            if number:
                target.pk = None
            target.group_ref_id = group_id
            target.direction = direction
            target.save()


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0003_measurement_groups")]

    operations = [migrations.RunPython(groups_from_text, migrations.RunPython.noop)]
