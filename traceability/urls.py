"""Public lot URLs are printed on packages: /t/<code>/... and /01/<gtin>/10/<lot> never change."""

from django.urls import path, re_path

from . import views

app_name = "traceability"

urlpatterns = [
    path("t/<str:code>/", views.trace, name="trace"),
    path("t/<str:code>/epcis.json", views.trace_epcis, name="trace_epcis"),
    path("t/<str:code>/qr.svg", views.trace_qr_svg, name="trace_qr_svg"),
    path("t/<str:code>/qr.png", views.trace_qr_png, name="trace_qr_png"),
    # The lot is percent-decoded by the server already; it may hold a "/" (LOT07%2FA).
    re_path(
        r"^01/(?P<gtin>[0-9]{8,14})/10/(?P<lot_number>.{1,20})$",
        views.digital_link,
        name="digital_link",
    ),
    path("cua-hang-cua-toi/lo-hang/", views.lot_list, name="lot_list"),
    path("cua-hang-cua-toi/lo-hang/moi/", views.lot_create, name="lot_create"),
    path("cua-hang-cua-toi/lo-hang/<int:pk>/", views.lot_detail, name="lot_detail"),
    path(
        "cua-hang-cua-toi/lo-hang/<int:pk>/ghi/<str:kind>/", views.event_create, name="event_create"
    ),
    path("cua-hang-cua-toi/lo-hang/<int:pk>/dong-goi/", views.lot_split, name="lot_split"),
    path("cua-hang-cua-toi/lo-hang/<int:pk>/thu-hoi/", views.lot_recall, name="lot_recall"),
    path("cua-hang-cua-toi/lo-hang/<int:pk>/tem/", views.labels, name="labels"),
]
