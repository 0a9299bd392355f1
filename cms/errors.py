from django.core.exceptions import ValidationError

from marketplace.core.errors import DomainError


class StorefrontError(DomainError, ValidationError):
    """A storefront rule was broken; the message is for the person who tried."""
