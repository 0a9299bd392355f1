from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("can-bo/buoi-hoc/", views.session_list, name="session_list"),
    path("can-bo/buoi-hoc/<int:pk>/", views.session_attendance, name="session_attendance"),
    path("khoa-hoc/<int:pk>/hoan-thanh/", views.course_complete, name="course_complete"),
]
