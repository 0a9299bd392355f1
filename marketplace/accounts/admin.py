from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
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
        (_("Profile"), {"fields": ["display_name", "email", "role"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["phone", "display_name", "role", "password1", "password2"]}),
    ]
