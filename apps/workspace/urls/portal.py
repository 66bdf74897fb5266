from django.urls import path

from apps.workspace.views import workbench

urlpatterns = [
    path("workbench/", workbench.workbench, name="workbench"),
]
