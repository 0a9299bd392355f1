from django.contrib import admin

from marketplace.core.admin import ReadOnlyAdmin

from .models import Payment, StripeEvent


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["seller_order", "method", "amount", "status", "paid_at", "refunded_at"]
    list_filter = ["method", "status"]
    search_fields = ["seller_order__number", "stripe_session_id", "stripe_payment_intent"]


@admin.register(StripeEvent)
class StripeEventAdmin(ReadOnlyAdmin):
    list_display = ["event_id", "type", "received_at"]
    search_fields = ["event_id"]
