from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from .forms import LoginForm, SignupForm
from .services import user_create


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def signup(request):
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = user_create(**form.cleaned_data)
        login(request, user, backend="marketplace.accounts.backends.PhoneOrEmailBackend")
        next_url = request.GET.get("next", "/")
        if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
            next_url = "/"
        return redirect(next_url)
    return render(request, "accounts/signup.html", {"form": form})
