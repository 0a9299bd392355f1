class TrainingError(Exception):
    """A training or onboarding action was refused; the message is for the user."""
