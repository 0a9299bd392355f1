from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from marketplace.core.admin import ReadOnlyAdmin

from .errors import PaymentError
from .models import Payment, Refund, RefundStatus, StripeEvent
from .refunds import card_refund_retry_now, card_refund_settle


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["seller_order", "method", "amount", "status", "paid_at", "refunded_at"]
    list_filter = ["method", "status"]
    search_fields = ["seller_order__number", "stripe_session_id", "stripe_payment_intent"]


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    """Every card refund, the stuck ones first to see (filter "Needs a person").

    A person sends a stuck refund back to Stripe, or records one settled another way
    (who, when and how are kept): both through the services, like every change.
    """

    list_display = [
        "created_at",
        "reason",
        "status",
        "amount",
        "currency",
        "payment",
        "attempts",
        "next_attempt_at",
        "last_error",
    ]
    list_filter = ["status", "reason"]
    search_fields = [
        "payment__seller_order__number",
        "stripe_payment_intent",
        "stripe_session_id",
        "idempotency_key",
    ]
    actions = ["retry_now", "settle_by_hand"]

    def has_retry_permission(self, request):
        return request.user.is_superuser

    @admin.action(description=_("Ask Stripe again now"), permissions=["retry"])
    def retry_now(self, request, queryset):
        sent = 0
        for refund in queryset.filter(status=RefundStatus.NEEDS_PERSON):
            try:
                card_refund_retry_now(refund=refund, actor=request.user)
            except PaymentError as error:
                self.message_user(request, error.message, messages.WARNING)
                continue
            sent += 1
        self.message_user(request, _("%(n)s refunds sent to Stripe again.") % {"n": sent})

    @admin.action(description=_("Record as settled by hand…"), permissions=["retry"])
    def settle_by_hand(self, request, queryset):
        """A page asking how the money went back; applied when that is posted."""
        how = request.POST.get("how", "").strip()
        if "apply" not in request.POST or not how:
            context = {
                **self.admin_site.each_context(request),
                "refunds": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "missing": "apply" in request.POST,
            }
            return TemplateResponse(request, "admin/payments/refund/settle.html", context)
        for refund in queryset:
            try:
                card_refund_settle(refund=refund, actor=request.user, note=how)
            except PaymentError as error:
                self.message_user(request, f"{refund}: {error.message}", messages.WARNING)
        return None


@admin.register(StripeEvent)
class StripeEventAdmin(ReadOnlyAdmin):
    list_display = ["event_id", "type", "received_at"]
    search_fields = ["event_id"]
