from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The seller portal's pages that read several apps (cooperative members, their
    sales, their codes). It sits above orders and training, so it may import them."""

    name = "marketplace.portal"
    label = "portal"
    verbose_name = _("Seller portal")
