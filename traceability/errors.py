from django.core.exceptions import ValidationError


class TraceError(ValidationError):
    """A traceability rule was broken; the message is for the user."""


class AppendOnlyError(TraceError):
    """Trace events are a record: they are never changed or deleted, only corrected."""
