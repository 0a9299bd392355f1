"""Give the events recorded before 0004 the eventID their EPCIS exports already carried.

Those were derived at export from SITE_URL and the pk; the same value, stored, keeps every
document already sent pointing at the same events.
"""

import uuid

from django.conf import settings
from django.db import migrations

BATCH = 500


def fill(apps, schema_editor):
    TraceEvent = apps.get_model("traceability", "TraceEvent")
    events = list(TraceEvent.objects.only("pk"))  # all of them: 0004 left every one empty
    for event in events:
        event.event_id = uuid.uuid5(
            uuid.NAMESPACE_URL, f"{settings.SITE_URL}/trace-event/{event.pk}"
        )
    TraceEvent.objects.bulk_update(events, ["event_id"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("traceability", "0004_traceevent_event_id"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
