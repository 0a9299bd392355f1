import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("traceability", "0005_traceevent_event_id_fill"),
    ]

    operations = [
        migrations.AlterField(
            model_name="traceevent",
            name="event_id",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="EPCIS event ID"
            ),
        ),
    ]
