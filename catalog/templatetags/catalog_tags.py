from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

register = template.Library()


@register.filter
def ocop_badge(stars):
    """The OCOP badge for stars still valid, nothing for 0: {{ product.ocop_stars|ocop_badge }}.

    A filter rather than an included template: the catalog shows it on every tile.
    """
    if not stars:
        return ""
    return format_html(
        '<span class="badge ocop" title="{}">OCOP {}★</span>',
        gettext("OCOP %(stars)s stars") % {"stars": stars},
        stars,
    )
