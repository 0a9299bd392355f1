from axes.utils import reset as axes_reset
from django.db import transaction
from django.utils import timezone

from marketplace.regions.models import Commune, Province

from .backends import account_key
from .models import OfficerArea, Role, User


@transaction.atomic
def user_create(
    *,
    phone: str,
    display_name: str,
    password: str | None = None,
    email: str | None = None,
    role: str = Role.BUYER,
    phone_verified: bool = True,
) -> User:
    """Create a login; the phone is normalised and must be unique.

    The number counts as verified unless `phone_verified=False`: an officer who met the
    household, an administrator or the demo made the login. Only a stranger signing up
    must prove it with a code by SMS (onboarding/phone_check.py) before ordering cash on
    delivery.
    """
    return User.objects.create_user(
        phone,
        password,
        display_name=display_name,
        email=email,
        role=role,
        phone_verified_at=timezone.now() if phone_verified else None,
    )


@transaction.atomic
def user_phone_verified(*, user: User) -> User:
    """The person proved the number is theirs (the code sent to it); once is enough."""
    if user.phone_verified_at is None:
        user.phone_verified_at = timezone.now()
        user.save(update_fields=["phone_verified_at"])
    return user


@transaction.atomic
def officer_area_add(
    *, user: User, province: Province | None = None, commune: Commune | None = None
) -> OfficerArea:
    """Give an officer or administrator one more area (a province or a commune)."""
    area, _ = OfficerArea.objects.get_or_create(user=user, province=province, commune=commune)
    return area


@transaction.atomic
def user_password_set(*, user: User, password: str) -> User:
    """Set a login's password (already validated by the form that asked for it)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


def login_lockout_clear(*, identifier: str) -> int:
    """Lift every login lock on one account (a phone number in any spelling, or an
    e-mail), from every address. Returns how many lockout records were removed."""
    return axes_reset(username=account_key(identifier))
