from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("can-bo/", views.dashboard, name="dashboard"),
    path("can-bo/xuat.<str:fmt>", views.dashboard_export, name="dashboard_export"),
    path("can-bo/xa/<int:pk>/", views.commune_households_view, name="commune_households"),
    path(
        "can-bo/xa/<int:pk>/xuat.<str:fmt>",
        views.commune_households_export,
        name="commune_households_export",
    ),
    path("can-bo/danh-sach/nhap/", views.roster_import_view, name="roster_import"),
    path("can-bo/danh-sach/mau.<str:fmt>", views.roster_template, name="roster_template"),
    path("can-bo/ho/them/", views.household_add, name="household_add"),
    path("can-bo/ho/<int:pk>/", views.household_detail, name="household_detail"),
    path("can-bo/buoi-hoc/", views.session_list, name="session_list"),
    path("can-bo/thu-hoach-som/", views.phi_flags, name="phi_flags"),
    path("can-bo/buoi-hoc/<int:pk>/", views.session_attendance, name="session_attendance"),
    path("khoa-hoc/<int:pk>/hoan-thanh/", views.course_complete, name="course_complete"),
    path("kich-hoat/", views.takeover, name="takeover"),
]
