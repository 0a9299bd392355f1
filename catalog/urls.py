"""The catalog's public pages and the seller portal, included once from the project."""

from django.urls import include, path

urlpatterns = [
    path("san-pham/", include("catalog.public_urls")),
    path("cua-hang-cua-toi/", include("catalog.portal_urls")),
]
