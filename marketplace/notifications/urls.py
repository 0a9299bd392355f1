from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("thong-bao/", views.notification_list_view, name="list"),
    path("thong-bao/tu-choi/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # Given to eSMS once: never changes.
    path("thong-bao/sms/esms/", views.esms_mo, name="esms_mo"),
]
