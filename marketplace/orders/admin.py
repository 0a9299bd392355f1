"""Read-only views for administrators: states change only through the services
(the seller order page, which administrators may use for any seller)."""

from django.contrib import admin

from marketplace.core.admin import ReadOnlyAdmin

from .models import Order, OrderEvent, OrderLine, SellerOrder


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class LineInline(ReadOnlyInline):
    model = OrderLine
    fields = ["product_name", "unit_price", "quantity"]


class EventInline(ReadOnlyInline):
    model = OrderEvent
    fields = ["created_at", "from_status", "to_status", "actor", "note"]


@admin.register(SellerOrder)
class SellerOrderAdmin(ReadOnlyAdmin):
    list_display = ["number", "seller", "status", "total", "created_at"]
    list_filter = ["status"]
    search_fields = ["number", "order__phone", "order__name", "seller__name"]
    inlines = [LineInline, EventInline]


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = ["pk", "name", "phone", "payment_method", "created_at"]
    search_fields = ["name", "phone", "seller_orders__number"]
    exclude = ["token"]
