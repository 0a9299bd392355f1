"""The officer pages' guard, shared by catalog (OCOP verification), training, onboarding
and the dashboard: it lives here, below all of them."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .permissions import is_officer


def officer_required(view):
    """Logged in (else to the login page) and an officer or administrator (else 403)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_officer(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
