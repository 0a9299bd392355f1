"""Admin pieces shared by apps whose records change only through their services."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Administrators read here; states change through the services (the app's pages)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
