"""Public lot URLs are printed on packages: /t/<code>/... and /01/<gtin>/10/<lot> never change.

The farmer's lot pages are the seller portal's (marketplace/portal/urls.py)."""

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
    re_path(r"^01/(?P<gtin>[0-9]{8,14})$", views.digital_link_gtin, name="digital_link_gtin"),
]
