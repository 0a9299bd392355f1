from django.contrib import admin

from marketplace.core.admin import ReadOnlyAdmin

from .models import ConsentChange, DeliveryAttempt, InboundSms, Message, OptOut, ZaloToken
from .services import optout_record, optout_withdraw


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
    """Staff record a stop someone asked for by phone call or in person; adding and
    removing go through the services, so ConsentChange keeps who and when."""

    list_display = ("address", "source", "created_at")
    search_fields = ("address",)
    fields = ("address",)

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        saved = optout_record(address=obj.address, source=OptOut.Source.STAFF, by=request.user)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        optout_withdraw(address=obj.address, source=OptOut.Source.STAFF, by=request.user)

    def delete_queryset(self, request, queryset):
        for optout in queryset:
            self.delete_model(request, optout)


@admin.register(ConsentChange)
class ConsentChangeAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "address", "action", "source", "by")
    list_filter = ("action", "source")
    search_fields = ("address",)


@admin.register(InboundSms)
class InboundSmsAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "sender", "content", "action", "reply")
    list_filter = ("provider", "action")
    search_fields = ("sender", "content")


@admin.register(ZaloToken)
class ZaloTokenAdmin(ReadOnlyAdmin):
    """When each token was issued and until when; the tokens themselves are never shown."""

    list_display = ("created_at", "source", "expires_at")
    list_filter = ("source",)
    fields = ("created_at", "source", "expires_at")
    readonly_fields = fields
