"""The catalog's public pages, included once from the project (its portal pages are
wired by marketplace/portal/urls.py)."""

from django.urls import include, path

urlpatterns = [
    path("san-pham/", include("catalog.public_urls")),
]
