"""Plain predicates: who may record training."""

from marketplace.accounts.models import User
from marketplace.accounts.permissions import can_act_in_commune

from .models import TrainingSession


def can_record_session(user: User, session: TrainingSession) -> bool:
    return can_act_in_commune(user, session.commune)
