"""Request guards and response headers that apply to every URL of the site."""

import re

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils import translation

# C0 controls and DEL. PostgreSQL text cannot hold NUL at all (a query with one raises),
# and no form, path or filter of the site has a use for the others.
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# In a posted value: the same, but tab and line breaks, which a textarea sends.
CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has(pattern: re.Pattern, data) -> bool:
    return any(
        pattern.search(key) or any(pattern.search(value) for value in data.getlist(key))
        for key in data
    )


class ControlCharacterMiddleware:
    """A request whose path, query string or form fields hold control characters gets a
    400 page before any view, form or query sees it: one guard for every form and URL
    (Django's forms only refuse NUL, and only in the fields they declare).

    Uploaded files are content, not text, and are left to their own checks. The query
    strings of settings.QUERY_TEXT_PATHS carry text people typed elsewhere (an SMS passed
    on by a provider's GET) and may hold tabs and line breaks, like a posted textarea.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            CONTROL.search(request.path)
            or _has(self._query_pattern(request.path), request.GET)
            or (request.content_type in FORM_TYPES and _has(CONTROL_IN_TEXT, request.POST))
        ):
            return self._refuse(request)
        return self.get_response(request)

    @staticmethod
    def _query_pattern(path: str) -> re.Pattern:
        texts = path.startswith(tuple(settings.QUERY_TEXT_PATHS))
        return CONTROL_IN_TEXT if texts else CONTROL

    @staticmethod
    def _refuse(request):
        # Before LocaleMiddleware: the language is the URL's (/en/...), not the session's.
        language = translation.get_language_from_path(request.path_info)
        with translation.override(language or settings.LANGUAGE_CODE):
            html = render_to_string("core/bad_characters.html", request=None)
        return HttpResponseBadRequest(html)


class PermissionsPolicyMiddleware:
    """`Permissions-Policy` on every response (Django 5.2 has no setting for it): the site
    uses no camera, microphone, location or payment API; Stripe Checkout is a redirect."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
