from django.core.exceptions import ValidationError

from marketplace.core.errors import DomainError


class TraceError(DomainError, ValidationError):
    """A traceability rule was broken; the message is for the user."""


class AppendOnlyError(TraceError):
    """Trace events are a record: they are never changed or deleted, only corrected."""
