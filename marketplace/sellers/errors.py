from django.core.exceptions import ValidationError


class SellerError(ValidationError):
    """A seller rule was broken; the message is for the user."""
