"""A new account proves its mobile number with a code sent to it by SMS ("phone_check").

A stranger who signs up types a number nobody has checked, and cash on delivery sends
goods to whoever answers it: until the code comes back, the account may browse and fill
its cart but not order cash on delivery (orders/limits.py). The password reset's
machinery and limits: 6 digits stored hashed, 10 minutes, 5 wrong tries, at most 3 codes
a number and 10 an address an hour (counted apart from reset requests).
"""

from django.utils.translation import gettext as _

from marketplace.accounts.models import User
from marketplace.accounts.services import user_phone_verified

from .errors import OnboardingError
from .models import PhoneCheckCode
from .password_reset import RESET_MAX_ATTEMPTS, rate_limited, sms_code_send
from .services import one_time_code_spend


def phone_check_request(*, user: User, ip: str) -> None:
    """Send `user` a fresh code (earlier ones stop working), unless their number is
    verified already; OnboardingError when this number or address asked too often."""
    if user.phone_verified:
        return
    if rate_limited(scope="phone-check", phone=user.phone, ip=ip):
        raise OnboardingError(_("Too many codes asked for. Please try again in an hour."))
    sms_code_send(model=PhoneCheckCode, user=user, event="phone_check", key="phone_check")


def phone_check_confirm(*, user: User, code: str) -> User:
    """The code sent to `user`'s number: right, the number is verified and the code spent;
    wrong, it counts towards 5 tries."""
    return one_time_code_spend(
        codes=PhoneCheckCode.objects.filter(user=user),
        phone=user.phone,
        code=code,
        max_attempts=RESET_MAX_ATTEMPTS,
        use=lambda login: user_phone_verified(user=login),
        refusal=_("Wrong code, or it has expired. Check the SMS, or ask for a new code."),
    )
