from marketplace.core.errors import DomainError


class PaymentError(DomainError):
    """A rule of payments refused the request; `message` is shown to the person as is."""
