from django.core.management.base import BaseCommand

from marketplace.payments.methods.card import stripe_refund_run
from marketplace.payments.models import Method, Payment, PaymentStatus


class Command(BaseCommand):
    help = (
        "Ask Stripe again for every card refund it has not accepted yet. "
        "Safe to run often: each refund keeps its idempotency key."
    )

    def handle(self, *args, **options):
        waiting = list(
            Payment.objects.filter(
                method=Method.STRIPE, status=PaymentStatus.REFUND_PENDING
            ).values_list("pk", flat=True)
        )
        for payment_id in waiting:
            stripe_refund_run(payment_id=payment_id)
        done = Payment.objects.filter(pk__in=waiting, status=PaymentStatus.REFUNDED).count()
        self.stdout.write(f"{done} of {len(waiting)} pending card refunds done")
