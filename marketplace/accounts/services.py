from axes.utils import reset as axes_reset
from django.db import transaction

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
) -> User:
    """Create a login; the phone is normalised and must be unique."""
    return User.objects.create_user(
        phone, password, display_name=display_name, email=email, role=role
    )


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
