from django.urls import path

from . import password_reset_views, phone_check_views, views

app_name = "onboarding"

urlpatterns = [
    path("can-bo/danh-sach/nhap/", views.roster_import_view, name="roster_import"),
    path("can-bo/danh-sach/mau.<str:fmt>", views.roster_template, name="roster_template"),
    path("can-bo/ho/them/", views.household_add, name="household_add"),
    path("can-bo/ho/<int:pk>/", views.household_detail, name="household_detail"),
    path("kich-hoat/", views.takeover, name="takeover"),
    path("quen-mat-khau/", password_reset_views.password_forgotten, name="password_forgotten"),
    path(
        "quen-mat-khau/nhap-ma/",
        password_reset_views.password_reset_confirm_view,
        name="password_reset_confirm",
    ),
    path("xac-minh-so-dien-thoai/", phone_check_views.phone_check, name="phone_check"),
]
