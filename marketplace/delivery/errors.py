from marketplace.core.errors import DomainError


class DeliveryError(DomainError):
    """A delivery choice or a shipment step that cannot be done; the message says why."""
