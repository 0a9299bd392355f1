from django.contrib import admin

from .models import DeliveryAttempt, Message, OptOut


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "started_at",
        "channel",
        "outcome",
        "http_status",
        "provider_code",
        "error",
        "duration_ms",
        "provider_answer",
    )

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """Read-only: the log is evidence of what was sent, never edited or deleted."""

    list_display = ("created_at", "event", "phone", "email", "channel", "status", "sent_at")
    list_filter = ("status", "channel", "event", "is_essential")
    search_fields = ("phone", "email", "idempotency_key")
    inlines = [DeliveryAttemptInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OptOut)
class OptOutAdmin(admin.ModelAdmin):
    list_display = ("address", "source", "created_at")
    search_fields = ("address",)
