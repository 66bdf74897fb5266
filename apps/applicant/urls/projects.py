"""The applicant's part of the ``projects`` namespace: the application and results forms."""

from django.urls import path

from apps.applicant.views import projects

urlpatterns = [
    path("new/", projects.project_create, name="create"),
    path("<int:pk>/edit/", projects.project_edit, name="edit"),
    path("<int:pk>/results/", projects.results_edit, name="results"),
]
