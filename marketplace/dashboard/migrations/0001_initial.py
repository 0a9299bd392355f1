"""DashboardRollup and DashboardRefresh moved here from training: state moves, tables stay."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

MODELS = ("dashboardrollup", "dashboardrefresh")


def _content_types_follow(apps, schema_editor, *, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=source, model__in=MODELS).update(app_label=target)



class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("regions", "0001_initial"),
        ("training", "0003_attendance_withdrawal"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DashboardRefresh",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "refreshed_at",
                            models.DateTimeField(
                                db_index=True, default=django.utils.timezone.now
                            ),
                        ),
                        ("communes", models.PositiveIntegerField(default=0)),
                        ("seconds", models.FloatField(default=0)),
                    ],
                    options={
                        "ordering": ["-refreshed_at"],
                        "db_table": "training_dashboardrefresh",
                    },
                ),
                migrations.CreateModel(
                    name="DashboardRollup",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("month", models.DateField()),
                        ("roster", models.PositiveIntegerField(default=0)),
                        ("registered", models.PositiveIntegerField(default=0)),
                        ("trained", models.PositiveIntegerField(default=0)),
                        ("onboarded", models.PositiveIntegerField(default=0)),
                        ("selling", models.PositiveIntegerField(default=0)),
                        ("products_ocop", models.PositiveIntegerField(default=0)),
                        (
                            "commune",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="regions.commune",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "training_dashboardrollup",
                        "indexes": [
                            models.Index(
                                fields=["month", "commune"], name="training_da_month_568869_idx"
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("commune", "month"), name="rollup_commune_month_once"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(
            lambda apps, editor: _content_types_follow(
                apps, editor, source="training", target="dashboard"
            ),
            lambda apps, editor: _content_types_follow(
                apps, editor, source="dashboard", target="training"
            ),
        ),
    ]
