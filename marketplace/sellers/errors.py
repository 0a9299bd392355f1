from django.core.exceptions import ValidationError

from marketplace.core.errors import DomainError


class SellerError(DomainError, ValidationError):
    """A seller rule was broken; the message is for the user."""
