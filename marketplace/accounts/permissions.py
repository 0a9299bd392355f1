from marketplace.regions.models import Commune

from .models import Role, User
from .selectors import communes_visible_to


def is_officer(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in (Role.OFFICER, Role.ADMIN))


def can_act_in_commune(user: User, commune: Commune | None) -> bool:
    """An officer acts only inside their area; a provincial admin in their province."""
    if commune is None or not is_officer(user):
        return False
    return communes_visible_to(user=user).filter(pk=commune.pk).exists()
