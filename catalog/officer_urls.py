"""The officers' OCOP pages, included once at /can-bo/ocop/ (see officer_views)."""

from django.urls import path

from . import officer_views

app_name = "ocop"

urlpatterns = [
    path("", officer_views.certificate_queue, name="queue"),
    path("<int:pk>/", officer_views.certificate_decide, name="decide"),
    path("danh-sach-tinh/", officer_views.registry_import_view, name="registry_import"),
]
