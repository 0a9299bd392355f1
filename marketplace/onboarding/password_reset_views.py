"""/quen-mat-khau/: ask for a code by SMS; /quen-mat-khau/nhap-ma/: set a new password."""

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from marketplace.accounts.phone import display_phone
from marketplace.accounts.selectors import landing_url
from marketplace.accounts.views import safe_next
from marketplace.core.client_address import client_ip

from .errors import OnboardingError
from .forms import PasswordResetConfirmForm, PasswordResetRequestForm
from .password_reset import password_reset_confirm, password_reset_request

SESSION_PHONE = "password_reset_phone"


def password_forgotten(request):
    """The same answer whether or not the number has an account."""
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        try:
            password_reset_request(phone=phone, ip=client_ip(request))
        except OnboardingError as error:
            form.add_error(None, str(error))
        else:
            request.session[SESSION_PHONE] = phone
            messages.info(request, _("If this number has an account, a code has been sent."))
            return redirect("onboarding:password_reset_confirm")
    return render(request, "onboarding/password_forgotten.html", {"form": form})


def password_reset_confirm_view(request):
    phone = request.session.get(SESSION_PHONE, "")
    initial = {"phone": display_phone(phone) if phone else ""}
    form = PasswordResetConfirmForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            user = password_reset_confirm(**form.cleaned_data)
        except OnboardingError as error:
            form.add_error(None, str(error))
        else:
            request.session.pop(SESSION_PHONE, None)
            login(request, user, backend="marketplace.accounts.backends.PhoneOrEmailBackend")
            messages.success(request, _("Your new password is set."))
            return redirect(safe_next(request) or landing_url(user=user))
    return render(request, "onboarding/password_reset_confirm.html", {"form": form})
