from django.urls import path

from . import views

app_name = "delivery"

urlpatterns = [
    path("giao-hang/ghn/<str:secret>/", views.ghn_webhook, name="ghn_webhook"),
]
