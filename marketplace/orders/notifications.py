"""E-mails about orders. Called through transaction.on_commit, after the data is saved."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Order, SellerOrder


def _seller_emails(seller) -> list[str]:
    if seller.household_id:
        user = seller.household.user
        return [user.email] if user and user.email else []
    return [u.email for u in seller.cooperative.managers.all() if u.email]


def _order_url(order: Order) -> str:
    return settings.SITE_URL + reverse("orders:order_detail", args=[order.token])


def order_placed(*, order_id: int) -> None:
    order = Order.objects.prefetch_related("seller_orders__seller").get(pk=order_id)
    with translation.override(settings.LANGUAGE_CODE):
        numbers = ", ".join(so.number for so in order.seller_orders.all())
        if order.email:
            send_mail(
                _("Chợ Số: your order %(numbers)s") % {"numbers": numbers},
                _("Thank you, %(name)s. Follow your order here: %(url)s")
                % {"name": order.name, "url": _order_url(order)},
                None,
                [order.email],
            )
        for seller_order in order.seller_orders.all():
            recipients = _seller_emails(seller_order.seller)
            if recipients:
                send_mail(
                    _("Chợ Số: new order %(number)s") % {"number": seller_order.number},
                    _("A new order is waiting for you: %(url)s")
                    % {
                        "url": settings.SITE_URL
                        + reverse("orders:seller_order_detail", args=[seller_order.number])
                    },
                    None,
                    recipients,
                )


def seller_order_changed(*, seller_order_id: int) -> None:
    seller_order = SellerOrder.objects.select_related("order").get(pk=seller_order_id)
    if not seller_order.order.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            _("Chợ Số: order %(number)s is now “%(status)s”")
            % {"number": seller_order.number, "status": seller_order.get_status_display()},
            _("Follow your order here: %(url)s") % {"url": _order_url(seller_order.order)},
            None,
            [seller_order.order.email],
        )
