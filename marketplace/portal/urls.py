"""Cooperative pages of the seller portal; included inside the portal's namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("<slug:seller_slug>/thanh-vien/", views.members, name="members"),
    path("<slug:seller_slug>/thanh-vien/<int:pk>/roi/", views.member_end, name="member_end"),
    path("<slug:seller_slug>/thanh-vien/<int:pk>/ma/", views.member_code, name="member_code"),
]
