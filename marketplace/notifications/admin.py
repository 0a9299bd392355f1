from django.contrib import admin

from marketplace.core.admin import ReadOnlyAdmin

from .models import DeliveryAttempt, Message, OptOut, ZaloToken


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
class MessageAdmin(ReadOnlyAdmin):
    """Read-only: the log is evidence of what was sent, never edited or deleted."""

    list_display = ("created_at", "event", "phone", "email", "channel", "status", "sent_at")
    list_filter = ("status", "channel", "event", "is_essential")
    search_fields = ("phone", "email", "idempotency_key")
    inlines = [DeliveryAttemptInline]


@admin.register(OptOut)
class OptOutAdmin(admin.ModelAdmin):
    list_display = ("address", "source", "created_at")
    search_fields = ("address",)


@admin.register(ZaloToken)
class ZaloTokenAdmin(ReadOnlyAdmin):
    """When each token was issued and until when; the tokens themselves are never shown."""

    list_display = ("created_at", "source", "expires_at")
    list_filter = ("source",)
    fields = ("created_at", "source", "expires_at")
    readonly_fields = fields
