"""Password rules with messages in Vietnamese.

Django 5.2 rewrote the minimum-length message ("%d characters") and its Vietnamese
catalog still holds only the old text, so sign-up showed that one rule in English.
"""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "This password is too short: it needs at least %(min_length)d character.",
            "This password is too short: it needs at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
