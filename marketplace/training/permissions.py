"""Plain predicates: who may do what with the roster, training and the dashboard."""

from marketplace.accounts.models import User
from marketplace.accounts.permissions import can_act_in_commune, is_officer
from marketplace.sellers.models import Household

from .models import TrainingSession


def can_see_dashboard(user: User) -> bool:
    return is_officer(user)


def can_manage_household(user: User, household: Household) -> bool:
    """An officer whose area holds the household's commune."""
    return can_act_in_commune(user, household.commune)


def can_record_session(user: User, session: TrainingSession) -> bool:
    return can_act_in_commune(user, session.commune)
