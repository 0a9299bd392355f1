from django import template
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation

register = template.Library()


@register.simple_tag(takes_context=True)
def this_page_in(context, language: str) -> str:
    """The current page's address in `language`: a plain link needs no CSRF token,
    so the pages that carry it stay cacheable by a proxy.

    From the request's own match, reversed in the other language: `translate_url`
    would resolve the path again, through every pattern before Wagtail's catch-all.
    """
    request = context.get("request")
    if request is None:
        return "/" if language == "vi" else f"/{language}/"
    match = getattr(request, "resolver_match", None)
    if match is None:
        return translate_url(request.get_full_path(), language)
    try:
        with translation.override(language):
            path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
    except NoReverseMatch:
        return translate_url(request.get_full_path(), language)
    query = request.get_full_path().partition("?")[2]
    return f"{path}?{query}" if query else path
