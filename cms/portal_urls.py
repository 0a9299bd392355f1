"""Storefront views of the seller portal; included inside the portal's namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("duyet-cua-hang/", views.approvals, name="approvals"),
    path("<slug:seller_slug>/cua-hang/", views.storefront_edit, name="storefront_edit"),
    path("<slug:seller_slug>/cua-hang/duyet/", views.storefront_decide, name="storefront_decide"),
]
