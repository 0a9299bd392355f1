from marketplace.core.errors import DomainError


class TrainingError(DomainError):
    """A training or onboarding action was refused; the message is for the user."""
