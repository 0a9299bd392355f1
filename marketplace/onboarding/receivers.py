"""What onboarding does on accounts' signals: a stranger signed up."""

from django.contrib import messages
from django.dispatch import receiver

from marketplace.accounts.signals import signed_up
from marketplace.core.client_address import client_ip

from .errors import OnboardingError
from .phone_check import phone_check_request


@receiver(signed_up, dispatch_uid="onboarding_phone_check_at_signup")
def phone_check_at_signup(sender, user, request, **kwargs):
    """Text the new account the code that proves its number; if this address asked for
    too many codes already, the account exists and the check page says why none came."""
    try:
        phone_check_request(user=user, ip=client_ip(request))
    except OnboardingError as error:
        messages.warning(request, error.message)
