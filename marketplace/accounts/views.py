from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from .forms import LoginForm, SignupForm
from .models import User
from .selectors import landing_url
from .services import user_create
from .signals import signed_up


def safe_next(request, name: str = "next") -> str:
    """The local URL in `name` (POST, then GET), or "" if absent or pointing elsewhere."""
    url = request.POST.get(name) or request.GET.get(name) or ""
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and allowed else ""


class LoginView(auth_views.LoginView):
    """Log in; then `next` if given, else people who run a shop land on it and
    buyers go back to the page they came from (`back`, set by the header's link)."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self):
        return self.get_redirect_url() or landing_url(
            user=self.request.user, back=safe_next(self.request, "back")
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "back": safe_next(self.request, "back")}


def signup(request):
    """A new buyer's account; its number is checked next, by the code texted to it."""
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = user_create(**form.cleaned_data, phone_verified=False)
        login(request, user, backend="marketplace.accounts.backends.PhoneOrEmailBackend")
        signed_up.send(sender=User, user=user, request=request)
        check = reverse("onboarding:phone_check")
        return redirect(f"{check}?{urlencode({'next': safe_next(request) or '/'})}")
    return render(request, "accounts/signup.html", {"form": form})
