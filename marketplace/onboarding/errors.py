class OnboardingError(Exception):
    """A roster or onboarding action was refused; the message is for the user."""
