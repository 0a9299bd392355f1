from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import OfficerArea, User


class OfficerAreaInline(admin.TabularInline):
    model = OfficerArea
    extra = 0
    autocomplete_fields = ["province", "commune"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["display_name"]
    list_display = ["display_name", "phone", "email", "role", "is_active"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["display_name", "phone", "email"]
    inlines = [OfficerAreaInline]
    fieldsets = [
        (None, {"fields": ["phone", "password"]}),
        (_("Profile"), {"fields": ["display_name", "email", "role", "phone_verified_at"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["phone", "display_name", "role", "password1", "password2"]}),
    ]

    def save_model(self, request, obj, form, change):
        # An administrator who opens a login knows whose number it is.
        if not change and obj.phone_verified_at is None:
            obj.phone_verified_at = timezone.now()
        super().save_model(request, obj, form, change)
