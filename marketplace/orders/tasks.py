"""Order e-mails and SMS/Zalo alerts as tasks: queued after the commit, run by the worker."""

from django_tasks import task

from . import notifications


@task()
def order_placed_notify(order_id: int) -> None:
    notifications.order_placed_alerts(order_id=order_id)
    notifications.order_placed(order_id=order_id)


@task()
def seller_order_changed_notify(seller_order_id: int, status: str = "") -> None:
    """`status`: the state moved to (the order may have moved on by the time this runs)."""
    notifications.seller_order_alert(seller_order_id=seller_order_id, status=status)
    notifications.seller_order_changed(seller_order_id=seller_order_id)


@task()
def seller_order_expired_notify(seller_order_id: int) -> None:
    """The seller hears that the order they did not confirm went back on sale; the buyer
    hears of the cancellation through `seller_order_changed_notify`."""
    notifications.seller_order_expired_alerts(seller_order_id=seller_order_id)
