from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    # 第十二条: training sessions and attendance.
    path("", views.session_list, name="session_list"),
    path("export.xlsx", views.session_export, name="session_export"),
    path("new/", views.session_create, name="session_create"),
    path("<int:pk>/", views.session_detail, name="session_detail"),
    path("<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/export.xlsx", views.session_attendance_export, name="session_attendance_export"),
    # 第十三条: the tracking service.
    path("tracking/", views.tracking_list, name="tracking_list"),
    path("tracking/export.xlsx", views.tracking_export, name="tracking_export"),
    path("tracking/projects/<int:pk>/", views.tracking_project, name="tracking_project"),
    path("tracking/visits/<int:pk>/edit/", views.visit_edit, name="visit_edit"),
]
