from marketplace.core.errors import DomainError


class TrainingError(DomainError):
    """A training action was refused; the message is for the user."""
