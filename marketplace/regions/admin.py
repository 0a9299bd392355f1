from django.contrib import admin

from .models import Commune, Province


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    fields = ["code", "name", "is_current", "successor"]
    list_display = ["code", "name", "is_current", "successor"]
    list_filter = ["is_current"]
    search_fields = ["name", "name_folded", "code"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    fields = ["code", "name", "kind", "province", "former_provinces", "is_current", "successor"]
    list_display = ["code", "name", "kind", "province", "is_current"]
    list_filter = ["is_current", "kind", "province"]
    search_fields = ["name", "name_folded", "code"]
