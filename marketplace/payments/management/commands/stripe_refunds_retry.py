from django.core.management.base import BaseCommand
from django.urls import reverse

from marketplace.payments.models import Refund, RefundStatus
from marketplace.payments.refunds import card_refund_attempt, card_refunds_due


class Command(BaseCommand):
    help = (
        "Ask Stripe again for every card refund it has not accepted yet, once its wait "
        "is over. Safe to run often: each refund keeps its idempotency key."
    )

    def handle(self, *args, **options):
        due = card_refunds_due()
        outcomes = [card_refund_attempt(refund_id=refund_id) for refund_id in due]
        done = outcomes.count(RefundStatus.DONE)
        stuck = Refund.objects.filter(status=RefundStatus.NEEDS_PERSON).count()
        self.stdout.write(f"{done} of {len(due)} card refunds due done; {stuck} need a person")
        if stuck:
            where = reverse("admin:payments_refund_changelist") + "?status=needs_person"
            self.stderr.write(f"{stuck} card refunds need a person: {where}")
