"""The dashboard listens to the lower layers' writes that move a household along its funnel.

registered -> trained -> onboarded -> selling (and OCOP products online) change with:
a household added, moved or given a login (sellers), a product listed, changed or
archived and an OCOP certificate declared, verified, rejected or withdrawn (catalog:
each is a save of the certificate, and only a verified one counts), an order delivered or
refunded (orders, through its append-only OrderEvent: the status itself is a
conditional UPDATE that sends no signal), a completion recorded or withdrawn
(training), a course becoming required or not (Wagtail publishing). Each refreshes
the rollup of the communes concerned after commit, so the dashboard and the
household page agree as soon as the write is saved. Lower layers never import this.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from catalog.models import OcopCertificate, Product
from marketplace.orders.models import OrderEvent, OrderLine, OrderStatus
from marketplace.sellers.models import Household, Seller
from marketplace.training.models import Completion, CoursePage

from .tasks import rollup_refresh_later

MOVES_SELLING = {OrderStatus.DELIVERED, OrderStatus.REFUNDED}


def _seller_communes(seller_id) -> set:
    row = (
        Seller.objects.filter(pk=seller_id)
        .values_list("household__commune_id", "cooperative__commune_id")
        .first()
    )
    return set(row or ())


def _product_communes(product: Product) -> set:
    communes = _seller_communes(product.seller_id)
    if product.producer_id:
        communes |= set(
            Household.objects.filter(pk=product.producer_id).values_list("commune_id", flat=True)
        )
    return communes


@receiver(pre_save, sender=Household)
def _household_before(sender, instance, raw=False, **kwargs):
    # A household moved to another commune leaves the old one's figures too.
    if instance.pk and not raw:
        instance._commune_before = (
            Household.objects.filter(pk=instance.pk).values_list("commune_id", flat=True).first()
        )


@receiver(post_save, sender=Household)
@receiver(post_delete, sender=Household)
def _household_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        rollup_refresh_later({instance.commune_id, getattr(instance, "_commune_before", None)})


@receiver(pre_save, sender=Product)
def _product_before(sender, instance, raw=False, **kwargs):
    # A product given to another producer leaves the former producer's commune too.
    if instance.pk and not raw:
        before = Product.objects.filter(pk=instance.pk).only("seller_id", "producer_id").first()
        instance._communes_before = _product_communes(before) if before else set()
        instance._owners_before = (before.seller_id, before.producer_id) if before else None


@receiver(post_save, sender=Product)
@receiver(post_delete, sender=Product)
def _product_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        communes = getattr(instance, "_communes_before", set())
        if getattr(instance, "_owners_before", None) != (instance.seller_id, instance.producer_id):
            # New, or moved to another seller or producer: look up where it is now too.
            communes = communes | _product_communes(instance)
        rollup_refresh_later(communes)


@receiver(post_save, sender=OcopCertificate)
@receiver(post_delete, sender=OcopCertificate)
def _certificate_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    product = Product.objects.filter(pk=instance.product_id).first()
    if product is not None:
        rollup_refresh_later(_product_communes(product))


@receiver(post_save, sender=OrderEvent)
def _order_moved(sender, instance, created, raw=False, **kwargs):
    if raw or not created:
        return
    if instance.to_status not in MOVES_SELLING and instance.from_status not in MOVES_SELLING:
        return
    seller_order = instance.seller_order
    communes = _seller_communes(seller_order.seller_id)
    communes |= set(
        OrderLine.objects.filter(seller_order=seller_order, product__producer__isnull=False)
        .values_list("product__producer__commune_id", flat=True)
        .distinct()
    )
    rollup_refresh_later(communes)


@receiver(post_save, sender=Completion)
def _completion_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        rollup_refresh_later({instance.household.commune_id})


@receiver(page_published)
@receiver(page_unpublished)
def _course_published(sender, instance, **kwargs):
    # Whether a course is required (and live) changes "trained" everywhere.
    if issubclass(sender, CoursePage):
        rollup_refresh_later(None)
