"""Writes for the roster, assisted onboarding and training records.

Training records are never deleted or rewritten: a second completion of the same
course by the same household is refused, not stacked.
"""

from datetime import date, timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.accounts.models import Role, User
from marketplace.accounts.permissions import can_act_in_commune
from marketplace.accounts.phone import normalize_phone
from marketplace.accounts.selectors import communes_visible_to
from marketplace.accounts.services import user_create
from marketplace.regions.models import Commune
from marketplace.sellers.models import Household, Seller
from marketplace.sellers.permissions import can_issue_code
from marketplace.sellers.services import assisted_act_record, household_register, seller_create

from .errors import TrainingError
from .models import (
    Attendance,
    Completion,
    CompletionMethod,
    CoursePage,
    TakeoverCode,
    TrainingSession,
    Withdrawal,
    new_code,
)
from .roster import RosterCheck, roster_check
from .signals import shop_opened_for_household

TAKEOVER_CODE_LIFETIME = timedelta(days=7)
TAKEOVER_MAX_ATTEMPTS = 5


def _require_area(actor: User, commune: Commune) -> None:
    if not can_act_in_commune(actor, commune):
        raise TrainingError(_("This commune is not in your area."))


# Roster ---------------------------------------------------------------------------


@transaction.atomic
def roster_import(*, actor: User, cells: list[list[str]]) -> RosterCheck:
    """Save a household list: all rows or none.

    The list is checked again inside the transaction (the roster may have changed
    since the preview). A row whose phone or national ID is already listed
    completes that household's blank fields instead of adding a second one.
    """
    communes = list(communes_visible_to(user=actor))
    check = roster_check(cells=cells, communes=communes)
    if not check.ok:
        return check
    for row in check.rows:
        if row.merge_into is not None:
            household = Household.objects.select_for_update().get(pk=row.merge_into)
            changed = []
            if not household.national_id and row.national_id:
                household.national_id = row.national_id
                changed.append("national_id")
            if not household.phone:
                household.phone = row.phone
                changed.append("phone")
            if changed:
                household.save(update_fields=changed)
        else:
            household = household_register(
                head_name=row.head_name,
                commune=Commune.objects.get(pk=row.commune_id),
                phone=row.phone,
                national_id=row.national_id,
                farm_type=row.farm_type,
                registered_by=actor,
            )
    return check


@transaction.atomic
def household_register_by_officer(
    *,
    actor: User,
    head_name: str,
    commune: Commune,
    phone: str,
    national_id: str = "",
    address: str = "",
    farm_type: str = "mixed",
) -> Household:
    """An officer adds one household of their area; a phone already listed is refused."""
    _require_area(actor, commune)
    phone = normalize_phone(phone)
    if Household.objects.filter(phone=phone).exists():
        raise TrainingError(_("A household with this phone number is already on the roster."))
    if national_id and Household.objects.filter(national_id=national_id).exists():
        raise TrainingError(_("A household with this national ID is already on the roster."))
    household = household_register(
        head_name=head_name,
        commune=commune,
        phone=phone,
        national_id=national_id,
        address=address,
        farm_type=farm_type,
        registered_by=actor,
    )
    return household


# Assisted onboarding --------------------------------------------------------------


@transaction.atomic
def onboarding_assist(
    *, actor: User, household: Household, consent: bool, shop_name: str = ""
) -> tuple[Seller, str]:
    """An officer opens the household's login and shop, with its consent.

    The shop's page is submitted and approved by the officer in the same transaction
    (through `shop_opened_for_household`: the CMS listens), so the shop is visible.
    Returns the seller and a one-time code the officer gives the household so it can
    set its own password (the login has none until then). Each step is an assisted act.
    """
    _require_area(actor, household.commune)
    if not consent:
        raise TrainingError(_("The household must agree before you open its shop for it."))
    if not household.phone:
        raise TrainingError(_("The household needs a mobile number to log in."))
    household = Household.objects.select_for_update().get(pk=household.pk)
    if household.consent_at is None:
        household.consent_at = timezone.now()
        household.save(update_fields=["consent_at"])
        assisted_act_record(
            actor=actor, household=household, action="consent_record", target=str(household)
        )
    if household.user_id is None:
        user = User.objects.filter(phone=household.phone).first()
        if user is None:
            user = user_create(
                phone=household.phone, display_name=household.head_name, role=Role.HOUSEHOLD
            )
        elif Household.objects.filter(user=user).exists():
            raise TrainingError(
                _("This phone number already belongs to another household's login.")
            )
        household.user = user
        household.save(update_fields=["user"])
        assisted_act_record(
            actor=actor, household=household, action="login_create", target=household.phone
        )
    seller = Seller.objects.filter(household=household).first()
    if seller is None:
        seller = seller_create(household=household, name=shop_name.strip(), actor=actor)
    shop_opened_for_household.send(sender=Seller, seller=seller, actor=actor)
    code = takeover_code_issue(actor=actor, household=household)
    return seller, code


@transaction.atomic
def takeover_code_issue(*, actor: User, household: Household) -> str:
    """A fresh one-time code for the household's login; earlier unused codes stop working.

    Officers of the household's area, and managers of a cooperative it belongs to.
    """
    if not can_issue_code(actor, household):
        raise TrainingError(_("This commune is not in your area."))
    if household.user_id is None:
        raise TrainingError(_("Open the household's login first."))
    now = timezone.now()
    TakeoverCode.objects.filter(user=household.user, used_at__isnull=True).update(used_at=now)
    code = new_code()
    TakeoverCode.objects.create(
        user=household.user,
        code_hash=make_password(code),
        created_by=actor,
        expires_at=now + TAKEOVER_CODE_LIFETIME,
    )
    assisted_act_record(
        actor=actor, household=household, action="takeover_code_issue", target=household.phone
    )
    return code


def takeover_claim(*, phone: str, code: str, password: str) -> User:
    """The household sets its own password with the officer's one-time code.

    A code works once, for 7 days, and is locked after 5 wrong tries.
    """
    invalid = TrainingError(_("Wrong phone number or code, or the code has expired."))
    try:
        phone = normalize_phone(phone)
    except Exception:
        raise invalid from None
    with transaction.atomic():
        ticket = (
            TakeoverCode.objects.select_for_update()
            .filter(user__phone=phone, used_at__isnull=True, expires_at__gt=timezone.now())
            .select_related("user")
            .first()
        )
        if ticket is None or ticket.failed_attempts >= TAKEOVER_MAX_ATTEMPTS:
            raise invalid
        if not check_password(code.strip(), ticket.code_hash):
            ticket.failed_attempts += 1
            ticket.save(update_fields=["failed_attempts"])
        else:
            ticket.used_at = timezone.now()
            ticket.save(update_fields=["used_at"])
            user = ticket.user
            user.set_password(password)
            user.save(update_fields=["password"])
            return user
    raise invalid


# Training -------------------------------------------------------------------------


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
