"""Order e-mails as background tasks: queued after the commit, sent by the worker."""

from django_tasks import task

from . import notifications


@task()
def order_placed_notify(order_id: int) -> None:
    notifications.order_placed(order_id=order_id)


@task()
def seller_order_changed_notify(seller_order_id: int) -> None:
    notifications.seller_order_changed(seller_order_id=seller_order_id)
