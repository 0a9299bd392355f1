"""Rendering helpers shared by the apps' views."""

from django.shortcuts import render


def render_form(request, template_name: str, context: dict, *, forms=(), refused: bool = False):
    """Render a page of forms; 400 Bad Request when one of them was sent and refused.

    The page is the same either way (the form with its messages in Vietnamese); the
    status tells clients, proxies and tests that nothing was done.
    """
    refused = refused or any(form is not None and form.is_bound and form.errors for form in forms)
    return render(request, template_name, context, status=400 if refused else 200)
