from django.contrib import admin

from .models import (
    AssistedAct,
    Cooperative,
    CooperativeMembership,
    Household,
    HouseholdMember,
    Seller,
)


class HouseholdMemberInline(admin.TabularInline):
    model = HouseholdMember
    extra = 0


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ["head_name", "phone", "commune", "farm_type", "registered_at"]
    list_filter = ["farm_type"]
    search_fields = ["head_name", "head_name_folded", "phone", "national_id"]
    autocomplete_fields = ["commune", "user"]
    inlines = [HouseholdMemberInline]


class MembershipInline(admin.TabularInline):
    model = CooperativeMembership
    extra = 0
    autocomplete_fields = ["household"]


@admin.register(Cooperative)
class CooperativeAdmin(admin.ModelAdmin):
    list_display = ["name", "commune"]
    search_fields = ["name"]
    autocomplete_fields = ["commune"]
    inlines = [MembershipInline]


@admin.register(Seller)
class SellerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]


@admin.register(AssistedAct)
class AssistedActAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "seller", "household", "target"]
    list_filter = ["action"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
