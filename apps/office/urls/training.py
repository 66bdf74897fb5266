"""第十二条: training sessions and attendance, in the ``training`` namespace."""

from django.urls import path

from apps.office.views import training

urlpatterns = [
    path("", training.session_list, name="session_list"),
    path("export.xlsx", training.session_export, name="session_export"),
    path("new/", training.session_create, name="session_create"),
    path("<int:pk>/", training.session_detail, name="session_detail"),
    path("<int:pk>/edit/", training.session_edit, name="session_edit"),
    path("<int:pk>/attendance/", training.attendance, name="attendance"),
    path("<int:pk>/export.xlsx", training.session_attendance_export, name="session_attendance_export"),
]
