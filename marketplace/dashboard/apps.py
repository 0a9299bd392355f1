from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "marketplace.dashboard"
    label = "dashboard"
    verbose_name = _("Officers' dashboard")

    def ready(self):
        from . import receivers  # noqa: F401  (connects the funnel's listeners)
