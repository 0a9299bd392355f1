from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("traceability", "0003_event_quantity_unit"),
    ]

    operations = [
        migrations.AddField(
            model_name="traceevent",
            name="event_id",
            field=models.UUIDField(editable=False, null=True, verbose_name="EPCIS event ID"),
        ),
    ]
