from django import template

from marketplace.core.seo import page_path_in

register = template.Library()


@register.simple_tag(takes_context=True)
def this_page_in(context, language: str) -> str:
    """The current page's address in `language`: a plain link needs no CSRF token,
    so the pages that carry it stay cacheable by a proxy."""
    request = context.get("request")
    if request is None:
        return "/" if language == "vi" else f"/{language}/"
    query = request.get_full_path().partition("?")[2]
    path = page_path_in(request, language)
    return f"{path}?{query}" if query else path
