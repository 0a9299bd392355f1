from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .services import cart_merge


@receiver(user_logged_in, dispatch_uid="orders_cart_merge")
def merge_cart_at_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        cart_merge(user=user, session=request.session)
