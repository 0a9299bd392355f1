"""Writes for training records: sessions, attendance, withdrawals and completions.

Training records are never deleted or rewritten: a second completion of the same
course by the same household is refused, not stacked.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.accounts.models import User
from marketplace.accounts.permissions import can_act_in_commune
from marketplace.regions.models import Commune
from marketplace.sellers.models import Household

from .errors import TrainingError
from .models import (
    Attendance,
    Completion,
    CompletionMethod,
    CoursePage,
    TrainingSession,
    Withdrawal,
)


def _require_area(actor: User, commune: Commune) -> None:
    if not can_act_in_commune(actor, commune):
        raise TrainingError(_("This commune is not in your area."))


@transaction.atomic
def session_create(
    *, actor: User, course: CoursePage, on: date, commune: Commune, trainer: str
) -> TrainingSession:
    _require_area(actor, commune)
    session = TrainingSession(
        course=course, date=on, commune=commune, trainer=trainer.strip(), created_by=actor
    )
    session.full_clean()
    session.save()
    return session


def _completion_add(*, household, course, on, method, actor, session=None) -> Completion | None:
    if Completion.objects.filter(household=household, course=course, withdrawn=False).exists():
        return None
    try:
        with transaction.atomic():
            completion = Completion.objects.create(
                household=household,
                course=course,
                completed_on=on,
                method=method,
                session=session,
                recorded_by=actor,
            )
    except IntegrityError:  # recorded a moment ago by someone else
        return None
    return completion


@transaction.atomic
def attendance_record(*, actor: User, session: TrainingSession, household: Household) -> Attendance:
    """The household attended the session: it completes the session's course that day.

    Recording the same person twice changes nothing.
    """
    _require_area(actor, session.commune)
    _require_area(actor, household.commune)
    attendance, created = Attendance.objects.get_or_create(
        session=session, household=household, withdrawn=False, defaults={"recorded_by": actor}
    )
    if created:
        _completion_add(
            household=household,
            course=session.course,
            on=session.date,
            method=CompletionMethod.ATTENDANCE,
            actor=actor,
            session=session,
        )
    return attendance


@transaction.atomic
def attendance_record_many(
    *, actor: User, session: TrainingSession, household_ids: list[int]
) -> list[Attendance]:
    """Save a ticked checklist of the session's commune roster in one go.

    Households already marked present stay as they are; an id outside the session's
    commune is refused and nothing is saved.
    """
    _require_area(actor, session.commune)
    wanted = set(household_ids)
    households = list(
        Household.objects.filter(pk__in=wanted, commune=session.commune).order_by("pk")
    )
    if len(households) != len(wanted):
        raise TrainingError(_("Some of the ticked households are not on this commune's roster."))
    return [
        attendance_record(actor=actor, session=session, household=household)
        for household in households
    ]


@transaction.atomic
def attendance_withdraw(*, actor: User, attendance: Attendance, reason: str) -> Withdrawal:
    """Take back a mistaken tick: a new record says who, when and why; nothing is deleted.

    The completion that tick gave (by attendance at this session) is withdrawn with it,
    so the household is no longer counted as having done the course through it.
    """
    _require_area(actor, attendance.session.commune)
    reason = (reason or "").strip()
    if not reason:
        raise TrainingError(_("Say why the tick is withdrawn."))
    attendance = Attendance.objects.select_for_update().get(pk=attendance.pk)
    if attendance.withdrawn:
        raise TrainingError(_("This tick was already withdrawn."))
    completion = (
        Completion.objects.select_for_update()
        .filter(session=attendance.session, household=attendance.household, withdrawn=False)
        .first()
    )
    withdrawal = Withdrawal.objects.create(
        attendance=attendance,
        completion=completion,
        reason=reason[:200],
        withdrawn_by=actor,
    )
    attendance.withdrawn = True
    attendance.save(update_fields=["withdrawn"])
    if completion is not None:
        completion.withdrawn = True
        completion.save(update_fields=["withdrawn"])
    return withdrawal


@transaction.atomic
def completion_record(
    *, actor: User, household: Household, course: CoursePage, on: date
) -> Completion:
    """An officer records that a household completed a course (e.g. trained elsewhere)."""
    _require_area(actor, household.commune)
    if on > timezone.localdate():
        raise TrainingError(_("The date cannot be in the future."))
    completion = _completion_add(
        household=household, course=course, on=on, method=CompletionMethod.OFFICER, actor=actor
    )
    if completion is None:
        raise TrainingError(_("This household has already completed this course."))
    return completion


@transaction.atomic
def completion_confirm_online(*, user: User, course: CoursePage) -> Completion:
    """A household that read the course online confirms it has completed it."""
    household = Household.objects.filter(user=user).first()
    if household is None:
        raise TrainingError(_("Only a household's own login can confirm a course."))
    if not course.live:
        raise TrainingError(_("This course is not published."))
    completion = _completion_add(
        household=household,
        course=course,
        on=timezone.localdate(),
        method=CompletionMethod.ONLINE,
        actor=user,
    )
    if completion is None:
        raise TrainingError(_("You have already completed this course."))
    return completion
