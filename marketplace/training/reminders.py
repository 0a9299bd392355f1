"""The reminder the day before a training session, to the households invited.

Who is invited: a session is held for its commune, and the officer ticks attendance
from that commune's roster (`selectors.session_attendance_sheet`), so the invited are
the households registered in the session's commune. Attendance records cannot be the
set: they are made at the session, after the reminder. A household is reached by its
login (the login's phone, else the household's) or, without a login, by its phone;
a household with neither phone is skipped.
"""

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from marketplace.notifications.services import send
from marketplace.sellers.models import Household

from .models import TrainingSession


def sessions_tomorrow(*, now: dt.datetime) -> QuerySet[TrainingSession]:
    """The sessions held on the day after `now`, Viet Nam time."""
    tomorrow = timezone.localdate(now) + dt.timedelta(days=1)
    return (
        TrainingSession.objects.filter(date=tomorrow)
        .select_related("course", "commune")
        .order_by("pk")
    )


def households_invited(*, session: TrainingSession) -> QuerySet[Household]:
    """The households of the session's commune that a phone reaches."""
    return (
        Household.objects.filter(commune_id=session.commune_id)
        .filter(~Q(phone="") | Q(user__isnull=False, user__phone__gt=""))
        .select_related("user")
        .order_by("pk")
    )


def session_remind(*, session: TrainingSession) -> int:
    """Record one `training_tomorrow` message per invited household; once each (the
    idempotency key), so running the job twice a day sends nothing new."""
    context = {
        "course": session.course.title,
        "date": f"{session.date:%d/%m}",
        "place": session.commune.name,
    }
    count = 0
    for household in households_invited(session=session):
        user = household.user
        send(
            event="training_tomorrow",
            context=context,
            idempotency_key=f"session:{session.pk}:remind:{household.pk}",
            to_user=user,
            phone=(user.phone if user else "") or household.phone,
        )
        count += 1
    return count


def training_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind the households invited to every session of tomorrow; the number of
    households reminded (messages already recorded count again, but are not resent).
    Quiet hours apply: run at night, the messages are held until 07:00."""
    now = now or timezone.now()
    return sum(session_remind(session=session) for session in sessions_tomorrow(now=now))
