from marketplace.core.errors import DomainError


class OnboardingError(DomainError):
    """A roster or onboarding action was refused; the message is for the user."""
