from django.contrib import admin

from marketplace.core.admin import ReadOnlyAdmin

from .models import Lot, TraceEvent


@admin.register(Lot)
class LotAdmin(admin.ModelAdmin):
    list_display = ["code", "product", "seller", "lot_number", "gtin", "scan_count", "recalled_at"]
    search_fields = ["code", "lot_number", "gtin"]
    raw_id_fields = ["product", "seller", "producer_household", "parent", "split_event"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TraceEvent)
class TraceEventAdmin(ReadOnlyAdmin):
    """Read-only: events are a record; corrections are new events made in the app."""

    list_display = ["lot", "kind", "occurred_at", "recorded_by", "corrects"]
    list_filter = ["kind"]
