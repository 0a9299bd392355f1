from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    name = "marketplace.onboarding"
    label = "onboarding"
    verbose_name = _("Onboarding")

    def ready(self):
        from . import receivers  # noqa: F401
