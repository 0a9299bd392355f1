"""TakeoverCode moved here from training: the model's state moves, its table stays."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def _content_type_follows(apps, schema_editor, *, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=source, model="takeovercode").update(app_label=target)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("training", "0003_attendance_withdrawal"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="TakeoverCode",
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
                        ("code_hash", models.CharField(max_length=128)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("expires_at", models.DateTimeField()),
                        ("used_at", models.DateTimeField(blank=True, null=True)),
                        ("failed_attempts", models.PositiveSmallIntegerField(default=0)),
                        (
                            "created_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="given by",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="login",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "one-time code",
                        "verbose_name_plural": "one-time codes",
                        "ordering": ["-created_at"],
                        "db_table": "training_takeovercode",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(
            lambda apps, editor: _content_type_follows(
                apps, editor, source="training", target="onboarding"
            ),
            lambda apps, editor: _content_type_follows(
                apps, editor, source="onboarding", target="training"
            ),
        ),
    ]
