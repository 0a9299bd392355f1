"""Plain predicates: who may see the dashboard."""

from marketplace.accounts.models import User
from marketplace.accounts.permissions import is_officer


def can_see_dashboard(user: User) -> bool:
    return is_officer(user)
