"""/xac-minh-so-dien-thoai/: a new account types the code texted to its number, or asks
for a new one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from marketplace.accounts.views import safe_next
from marketplace.core.client_address import client_ip
from marketplace.core.shortcuts import render_form

from .errors import OnboardingError
from .forms import PhoneCheckForm
from .phone_check import phone_check_confirm, phone_check_request


def _resend(request, next_url: str):
    try:
        phone_check_request(user=request.user, ip=client_ip(request))
    except OnboardingError as error:
        messages.error(request, error.message)
    else:
        messages.info(
            request,
            _("A new code has been sent to %(phone)s.") % {"phone": request.user.phone_display},
        )
    return redirect(f"{reverse('onboarding:phone_check')}?{urlencode({'next': next_url})}")


@login_required
def phone_check(request):
    """A number verified already goes on to `next`; so does a right code."""
    next_url = safe_next(request) or "/"
    if request.user.phone_verified:
        return redirect(next_url)
    if request.method == "POST" and "resend" in request.POST:
        return _resend(request, next_url)
    form = PhoneCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            phone_check_confirm(user=request.user, code=form.cleaned_data["code"])
        except OnboardingError as error:
            form.add_error("code", error.message)
        else:
            messages.success(
                request, _("Your mobile number is verified: you can order cash on delivery.")
            )
            return redirect(next_url)
    return render_form(
        request, "onboarding/phone_check.html", {"form": form, "next": next_url}, forms=[form]
    )
