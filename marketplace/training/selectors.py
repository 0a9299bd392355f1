"""Reads for course pages, training sessions and a household's completions."""

from django.db.models import Count, Q, QuerySet

from marketplace.accounts.models import User
from marketplace.accounts.selectors import communes_visible_to
from marketplace.core.text import fold
from marketplace.sellers.models import Household

from .models import Attendance, Completion, CoursePage, TrainingSession


def required_course_ids() -> list[int]:
    return list(
        CoursePage.objects.live()
        .filter(required_for_trained=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def required_courses() -> list[CoursePage]:
    """The live courses a household must all complete to count as trained, in menu order."""
    return list(
        CoursePage.objects.live().filter(required_for_trained=True).order_by("path").only("title")
    )


def completion_of(*, household: Household, course: CoursePage) -> Completion | None:
    return Completion.objects.filter(household=household, course=course, withdrawn=False).first()


def completions_of_household(*, household: Household) -> QuerySet[Completion]:
    """Every completion, withdrawn ones too (shown struck through, with the reason)."""
    return Completion.objects.filter(household=household).select_related(
        "course", "recorded_by", "withdrawal__withdrawn_by"
    )


def roster_search(*, communes, query: str, limit: int = 30) -> QuerySet[Household]:
    """Households of `communes` whose name (with or without diacritics) or phone matches."""
    households = Household.objects.filter(commune__in=communes).select_related("commune")
    # PostgreSQL text cannot hold a NUL byte: a pasted one would be a database error.
    query = (query or "").replace("\x00", "").strip()
    if not query:
        return households.none()
    digits = "".join(ch for ch in query if ch.isdigit())
    condition = Q(head_name_folded__contains=fold(query))
    if len(digits) >= 4:
        condition |= Q(phone__contains=digits.lstrip("0"))
    return households.filter(condition).order_by("head_name_folded")[:limit]


SHEET_LIMIT = 300


def session_attendance_sheet(*, session: TrainingSession, query: str = "") -> dict:
    """The session's checklist: its commune's roster (or the households matching `query`),
    who is present, and the ticks withdrawn with who, when and why. Four queries."""
    if query.strip():
        roster = list(roster_search(communes=[session.commune], query=query, limit=SHEET_LIMIT))
    else:
        roster = list(
            Household.objects.filter(commune=session.commune).order_by("head_name_folded", "pk")[
                :SHEET_LIMIT
            ]
        )
    attendances = list(
        Attendance.objects.filter(session=session)
        .select_related("household", "recorded_by", "withdrawal__withdrawn_by")
        .order_by("-recorded_at", "-pk")
    )
    present = [a for a in attendances if not a.withdrawn]
    return {
        "roster": roster,
        "roster_truncated": len(roster) == SHEET_LIMIT,
        "present": present,
        "present_ids": {a.household_id for a in present},
        "withdrawn": [a for a in attendances if a.withdrawn],
    }


def sessions_visible_to(*, user: User) -> QuerySet[TrainingSession]:
    return (
        TrainingSession.objects.filter(commune__in=communes_visible_to(user=user))
        .select_related("course", "commune__province")
        .annotate(attendance_count=Count("attendances", filter=Q(attendances__withdrawn=False)))
        .order_by("-date", "-pk")
    )
