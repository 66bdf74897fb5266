"""The public part of the ``portal`` namespace (the workbench is in ``apps.workspace.urls.portal``)."""

from django.urls import path

from apps.public.views import home

urlpatterns = [
    path("", home.home, name="home"),
    path("workflow/", home.workflow, name="workflow"),
    path("healthz", home.healthz, name="healthz"),
]
