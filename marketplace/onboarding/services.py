"""Writes for the roster, registration by officers, assisted onboarding and takeover codes.

Households and logins belong to sellers and accounts: they are written through those
apps' services. Onboarding owns only the one-time codes.
"""

from collections.abc import Callable
from datetime import timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.accounts.models import User
from marketplace.accounts.permissions import can_act_in_commune
from marketplace.accounts.phone import normalize_phone
from marketplace.accounts.selectors import communes_visible_to
from marketplace.accounts.services import login_lockout_clear, user_password_set
from marketplace.notifications.keys import content_digest
from marketplace.notifications.services import send
from marketplace.regions.models import Commune
from marketplace.sellers.errors import SellerError
from marketplace.sellers.models import Household, Seller
from marketplace.sellers.permissions import can_issue_code
from marketplace.sellers.services import (
    assisted_act_record,
    household_blanks_fill,
    household_consent_record,
    household_login_open,
    household_register,
    seller_create,
)

from .errors import OnboardingError
from .models import TakeoverCode, new_code
from .roster import RosterCheck, roster_check
from .signals import shop_opened_for_household

TAKEOVER_CODE_LIFETIME = timedelta(days=7)
TAKEOVER_MAX_ATTEMPTS = 5


def _require_area(actor: User, commune: Commune) -> None:
    if not can_act_in_commune(actor, commune):
        raise OnboardingError(_("This commune is not in your area."))


# Roster ---------------------------------------------------------------------------


@transaction.atomic
def roster_import(*, actor: User, cells: list[list[str]]) -> RosterCheck:
    """Save a household list: all rows or none.

    The list is checked again inside the transaction (the roster may have changed
    since the preview). A row whose phone or national ID is already listed
    completes that household's blank fields instead of adding a second one. The
    officer then reads in the app how many were added and completed.
    """
    communes = list(communes_visible_to(user=actor))
    check = roster_check(cells=cells, communes=communes)
    if not check.ok:
        return check
    by_pk = {commune.pk: commune for commune in communes}
    for row in check.rows:
        if row.merge_into is not None:
            household_blanks_fill(
                household=Household(pk=row.merge_into),
                national_id=row.national_id,
                phone=row.phone,
            )
        else:
            household_register(
                head_name=row.head_name,
                commune=by_pk[row.commune_id],
                phone=row.phone,
                national_id=row.national_id,
                farm_type=row.farm_type,
                registered_by=actor,
            )
    _roster_notify(actor=actor, cells=cells, check=check)
    return check


def _roster_notify(*, actor: User, cells: list[list[str]], check: RosterCheck) -> None:
    """Tell the officer, in the app, what the list added: recorded with the rows, so a
    list rolled back leaves no notice. The key is the officer, the communes and the
    file's content: a confirmation sent twice (a slow connection, a second tap) makes
    one notice, and so, deliberately, does the same file imported again the same way,
    which adds nobody."""
    communes = sorted({row.commune_id for row in check.rows})
    link = (
        reverse("dashboard:commune_households", args=[communes[0]])
        if len(communes) == 1
        else reverse("dashboard:dashboard")
    )
    send(
        event="roster_imported",
        context={"new": check.new_count, "merged": check.merge_count},
        idempotency_key=f"roster:{actor.pk}:{content_digest([communes, cells])}",
        to_user=actor,
        link=link,
    )


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
        raise OnboardingError(_("A household with this phone number is already on the roster."))
    if national_id and Household.objects.filter(national_id=national_id).exists():
        raise OnboardingError(_("A household with this national ID is already on the roster."))
    return household_register(
        head_name=head_name,
        commune=commune,
        phone=phone,
        national_id=national_id,
        address=address,
        farm_type=farm_type,
        registered_by=actor,
    )


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
        raise OnboardingError(_("The household must agree before you open its shop for it."))
    if not household.phone:
        raise OnboardingError(_("The household needs a mobile number to log in."))
    household = household_consent_record(household=household, actor=actor)
    try:
        household = household_login_open(household=household, actor=actor)
    except SellerError as error:
        raise OnboardingError(" ".join(error.messages)) from None
    seller = Seller.objects.filter(household=household).first()
    if seller is None:
        seller = seller_create(household=household, name=shop_name.strip(), actor=actor)
    shop_opened_for_household.send(sender=Seller, seller=seller, actor=actor)
    code = takeover_code_issue(actor=actor, household=household)
    return seller, code


@transaction.atomic
def takeover_code_issue(*, actor: User, household: Household) -> str:
    """A fresh one-time code for the household's login, also sent to its phone; earlier
    unused codes stop working.

    Officers of the household's area, and managers of a cooperative it belongs to.
    """
    if not can_issue_code(actor, household):
        raise OnboardingError(_("This commune is not in your area."))
    if household.user_id is None:
        raise OnboardingError(_("Open the household's login first."))
    now = timezone.now()
    TakeoverCode.objects.filter(user=household.user, used_at__isnull=True).update(used_at=now)
    code = new_code()
    ticket = TakeoverCode.objects.create(
        user=household.user,
        code_hash=make_password(code),
        created_by=actor,
        expires_at=now + TAKEOVER_CODE_LIFETIME,
    )
    assisted_act_record(
        actor=actor, household=household, action="takeover_code_issue", target=household.phone
    )
    # The code also goes to the household's phone (sent after the commit; blanked out of
    # the log once delivered); the officer's page still shows it.
    send(
        event="takeover_code",
        context={"code": code},
        idempotency_key=f"takeover:{ticket.pk}",
        to_user=household.user,
        phone=household.phone,
        essential=True,
    )
    return code


def takeover_claim(*, phone: str, code: str, password: str) -> User:
    """The household sets its own password with the officer's one-time code.

    A code works once, for 7 days, and is locked after 5 wrong tries.
    """
    return one_time_code_claim(
        codes=TakeoverCode.objects,
        phone=phone,
        code=code,
        password=password,
        max_attempts=TAKEOVER_MAX_ATTEMPTS,
    )


def one_time_code_claim(*, codes, phone: str, code: str, password: str, max_attempts: int) -> User:
    """Set the password of the login whose live code (from `codes`) this is; the code then
    stops working, and a wrong one counts towards `max_attempts`. Every refusal reads the
    same, so the answer never tells whether the number has a login."""
    return one_time_code_spend(
        codes=codes,
        phone=phone,
        code=code,
        max_attempts=max_attempts,
        use=lambda user: user_password_set(user=user, password=password),
    )


def one_time_code_spend(
    *,
    codes,
    phone: str,
    code: str,
    max_attempts: int,
    use: Callable[[User], User],
    refusal: str = "",
) -> User:
    """Spend the live code (from `codes`) of the login with this number: `use(login)` runs
    in the same transaction as the code stops working. A wrong code counts towards
    `max_attempts` (that count is kept when the refusal is raised); every refusal reads
    the same (`refusal`, else one that never tells whether the number has a login)."""
    invalid = OnboardingError(refusal or _("Wrong phone number or code, or the code has expired."))
    try:
        phone = normalize_phone(phone)
    except ValidationError:
        raise invalid from None
    with transaction.atomic():
        ticket = (
            codes.select_for_update()
            .filter(user__phone=phone, used_at__isnull=True, expires_at__gt=timezone.now())
            .select_related("user")
            .first()
        )
        if ticket is None or ticket.failed_attempts >= max_attempts:
            raise invalid
        if check_password(code.strip(), ticket.code_hash):
            ticket.used_at = timezone.now()
            ticket.save(update_fields=["used_at"])
            return use(ticket.user)
        ticket.failed_attempts += 1
        ticket.save(update_fields=["failed_attempts"])
    raise invalid


def login_unlock_for_household(*, actor: User, household: Household) -> int:
    """An officer of the household's area lifts the login lock of its account (ten wrong
    passwords at a market's shared phone): from every address, logged as done on the
    household's behalf. Returns how many lockout records were removed."""
    removed = login_lockout_clear(identifier=household.user.phone)
    assisted_act_record(
        actor=actor, action="login_unlock", household=household, target=household.user.phone
    )
    return removed
