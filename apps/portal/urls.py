from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("workbench/", views.workbench, name="workbench"),
    path("workflow/", views.workflow, name="workflow"),
    path("healthz", views.healthz, name="healthz"),
]
