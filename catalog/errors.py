from django.core.exceptions import ValidationError

from marketplace.core.errors import DomainError


class CatalogError(DomainError, ValidationError):
    """A catalog rule was broken; the message is for the person who tried."""


class CertificateStatusError(CatalogError):
    """A certificate cannot move from its status to the one asked (see certificates.TRANSITIONS)."""
