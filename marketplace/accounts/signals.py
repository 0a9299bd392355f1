"""A user's role decides their groups: a provincial administrator is in the group that
gives Wagtail's admin for categories and site content, and leaves it with the role."""

from django.contrib.auth.models import Group
from django.db.models.signals import post_save
from django.dispatch import Signal, receiver

from .models import PROVINCIAL_ADMINS_GROUP, Role, User

# Sent by the sign-up page once the new login exists and is logged in, with `user` and
# `request`. Onboarding listens and texts the code that proves the number: it sits above
# notifications, which accounts may not import.
signed_up = Signal()


@receiver(post_save, sender=User)
def _role_groups(sender, instance, created, raw=False, update_fields=None, **kwargs):
    # A login's save (last_login) or a password change leaves the role alone: no query.
    if raw or (update_fields is not None and "role" not in update_fields):
        return
    if instance.role == Role.ADMIN:
        group, _ = Group.objects.get_or_create(name=PROVINCIAL_ADMINS_GROUP)
        instance.groups.add(group)
    elif not created:
        instance.groups.remove(*Group.objects.filter(name=PROVINCIAL_ADMINS_GROUP))
