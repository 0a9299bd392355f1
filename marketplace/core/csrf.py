"""A POST checked for where it comes from, without a CSRF token: for forms on shared pages.

A product page is kept for every visitor by the proxy and the site's cache; a form on
it cannot carry a visitor's CSRF token. Its POST still must come from this site:
Django's own checks of the Origin header (and, over HTTPS without one, the Referer)
run as for any form; only the token check is left out. Fit only for actions that a
forged request could not abuse even if those checks were absent: adding to the cart
of the session the request itself carries (the session cookie is SameSite=Lax, so a
cross-site POST arrives without it).
"""

from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import decorator_from_middleware
from django.views.decorators.csrf import csrf_exempt


class _SameOriginOnly(CsrfViewMiddleware):
    def _check_token(self, request):
        return None  # the page the form is on is shared: it has no token to send


_same_origin = decorator_from_middleware(_SameOriginOnly)


def same_origin_post(view):
    """Refuse a POST from another site (403, as a CSRF failure) without asking for a token."""
    return csrf_exempt(_same_origin(view))
