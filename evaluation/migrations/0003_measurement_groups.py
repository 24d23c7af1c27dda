"""Groups defined once per plan, and targets per group over time (issue 18): the new tables
and columns beside the old ones; 0004 moves the data and 0005 drops the old columns. Three
migrations, because PostgreSQL does not alter a table with rows changed in the same
transaction."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models.functions import Lower


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0002_limited_text_fields"),
        ("theory_of_change", "0007_notification_kind_indicators"),
    ]

    operations = [
        migrations.CreateModel(
            name="MeasurementGroup",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("newcomers", "Newcomers"), ("receiving", "The receiving community (long-standing residents)"), ("all", "All residents"), ("own", "A group of the plan’s own")], max_length=10, verbose_name="kind")),
                ("name", models.CharField(blank=True, max_length=100, verbose_name="name")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("plan", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="measurement_groups", to="theory_of_change.plan")),
            ],
            options={
                "verbose_name": "measurement group",
                "verbose_name_plural": "measurement groups",
                "ordering": ["pk"],
                "constraints": [
                    models.UniqueConstraint(condition=models.Q(("kind", "own"), _negated=True), fields=("plan", "kind"), name="one_of_each_ready_made_group"),
                    models.UniqueConstraint(Lower("name"), "plan", condition=models.Q(("kind", "own")), name="own_group_names_differ"),
                    models.CheckConstraint(condition=models.Q(models.Q(("kind", "own"), models.Q(("name", ""), _negated=True)), models.Q(models.Q(("kind", "own"), _negated=True), ("name", "")), _connector="OR"), name="own_groups_are_named"),
                ],
            },
        ),
        migrations.RemoveConstraint(model_name="indicatortarget", name="one_target_per_indicator"),
        migrations.AddField(
            model_name="measurement",
            name="group_ref",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="evaluation.measurementgroup"),
        ),
        migrations.AddField(
            model_name="indicatortarget",
            name="group_ref",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="evaluation.measurementgroup"),
        ),
        migrations.AddField(
            model_name="indicatortarget",
            name="direction",
            field=models.CharField(choices=[("increase", "Increase"), ("decrease", "Decrease"), ("maintain", "Maintain")], default="increase", max_length=10, verbose_name="direction of change"),
        ),
        migrations.AddField(
            model_name="indicatortarget",
            name="unit",
            field=models.CharField(blank=True, max_length=40, verbose_name="unit"),
        ),
    ]
