"""第十三条: the tracking service, in the ``training`` namespace."""

from django.urls import path

from apps.unit.views import tracking

urlpatterns = [
    path("tracking/", tracking.tracking_list, name="tracking_list"),
    path("tracking/export.xlsx", tracking.tracking_export, name="tracking_export"),
    path("tracking/projects/<int:pk>/", tracking.tracking_project, name="tracking_project"),
    path("tracking/visits/<int:pk>/edit/", tracking.visit_edit, name="visit_edit"),
]
