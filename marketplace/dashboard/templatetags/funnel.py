"""`{% household_funnel household %}`: where a household stands, for pages of lower apps.

The household page belongs to onboarding, which may not import the dashboard; the
funnel is the dashboard's, so it lends this tag rather than the page reaching up.
"""

from django import template

from ..selectors import household_funnel as funnel_of

register = template.Library()


@register.inclusion_tag("dashboard/_household_funnel.html")
def household_funnel(household):
    return {"funnel": funnel_of(household=household)}
