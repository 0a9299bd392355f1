from django import template

from marketplace.core.money import format_vnd

register = template.Library()


@register.filter
def vnd(amount):
    """Render whole dong in the active language: {{ product.price|vnd }}."""
    return format_vnd(amount)
