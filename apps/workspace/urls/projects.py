"""The shared part of the ``projects`` namespace: the list, the project page, its action endpoint
and its files (the application forms are in ``apps.applicant.urls.projects``)."""

from django.urls import path

from apps.workspace.views import project_list, projects

urlpatterns = [
    path("", project_list.project_list, name="list"),
    path("export.xlsx", project_list.project_export, name="export"),
    path("<int:pk>/", projects.project_detail, name="detail"),
    path("<int:pk>/panels/<str:name>/", projects.project_panel, name="panel"),
    path("<int:pk>/act/", projects.project_act, name="act"),
    path("<int:pk>/submit/", projects.project_submit, name="submit"),
    path("<int:pk>/files/<int:attachment_pk>/", projects.attachment_download, name="attachment"),
    path("<int:pk>/application.pdf", projects.document_download, {"kind": "application"}, name="application_pdf"),
    path("<int:pk>/stamped/<str:stage>/", projects.stamped_upload, name="stamped_upload"),
    path("<int:pk>/results.pdf", projects.document_download, {"kind": "results"}, name="results_pdf"),
]
