from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("thong-bao/", views.notification_list_view, name="list"),
    path("thong-bao/tu-choi/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
