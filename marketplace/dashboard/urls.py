from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("can-bo/", views.dashboard, name="dashboard"),
    path("can-bo/xuat.<str:fmt>", views.dashboard_export, name="dashboard_export"),
    path("can-bo/xa/<int:pk>/", views.commune_households_view, name="commune_households"),
    path(
        "can-bo/xa/<int:pk>/xuat.<str:fmt>",
        views.commune_households_export,
        name="commune_households_export",
    ),
    path("can-bo/thu-hoach-som/", views.phi_flags, name="phi_flags"),
]
