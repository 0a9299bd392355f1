from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError

from .models import User
from .phone import normalize_phone


class PhoneOrEmailBackend(ModelBackend):
    """Log in with a mobile number (any usual spelling) or an e-mail address."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        identifier = (username or kwargs.get(User.USERNAME_FIELD) or "").strip()
        if not identifier or password is None:
            return None
        user = self._find(identifier)
        if user is None:
            # Run the hasher anyway so that timing does not tell which accounts exist.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    @staticmethod
    def _find(identifier: str) -> User | None:
        if "@" in identifier:
            return User.objects.filter(email__iexact=identifier).first()
        try:
            phone = normalize_phone(identifier)
        except ValidationError:
            return None
        return User.objects.filter(phone=phone).first()


def lockout_key(request, credentials) -> str:
    """The account a login attempt aims at, for django-axes' lockout counter."""
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return account_key(raw)


def account_key(raw: str) -> str:
    """Every spelling of one phone number counts against the same account, so an
    attacker cannot reset the counter by writing "0912 345 678" as "+84912345678"."""
    raw = raw.strip()
    if "@" in raw:
        return raw.lower()
    try:
        return normalize_phone(raw)
    except ValidationError:
        return raw
