from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The seller portal: its one URLconf (every page at /cua-hang-cua-toi/, wiring the
    views of catalog, cms, orders and traceability), the redirects from its old
    addresses, and the pages that read several apps (cooperative members, their sales,
    their codes). It sits above orders and training, so it may import them."""

    name = "marketplace.portal"
    label = "portal"
    verbose_name = _("Seller portal")
