"""The officer pages' guard, shared by training, onboarding and the dashboard."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from marketplace.accounts.permissions import is_officer


def officer_required(view):
    """Logged in (else to the login page) and an officer or administrator (else 403)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_officer(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
