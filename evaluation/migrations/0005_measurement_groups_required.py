"""Measurements and targets name one of the plan's groups (after 0004 has moved the data)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import F


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0004_measurement_groups_from_text")]

    operations = [
        migrations.RemoveField(model_name="measurement", name="group"),
        migrations.RenameField(model_name="measurement", old_name="group_ref", new_name="group"),
        migrations.AlterField(
            model_name="measurement",
            name="group",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="measurements", to="evaluation.measurementgroup", verbose_name="group"),
        ),
        migrations.RenameField(model_name="indicatortarget", old_name="group_ref", new_name="group"),
        migrations.AlterField(
            model_name="indicatortarget",
            name="group",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="targets", to="evaluation.measurementgroup", verbose_name="group"),
        ),
        migrations.AlterModelOptions(
            name="indicatortarget",
            options={"ordering": ["indicator", "group", F("due_on").asc(nulls_last=True), "pk"], "verbose_name": "indicator target", "verbose_name_plural": "indicator targets"},
        ),
        migrations.AddConstraint(
            model_name="indicatortarget",
            constraint=models.UniqueConstraint(fields=("plan", "indicator", "group", "due_on"), name="one_target_per_group_and_date"),
        ),
    ]
