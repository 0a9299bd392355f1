"""The officer pages' guard, now in accounts so that the catalog's officer pages share it;
imported from here by training, onboarding and the dashboard."""

from marketplace.accounts.decorators import officer_required

__all__ = ["officer_required"]
