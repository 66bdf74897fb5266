from django.urls import path

from .views import application, detail

app_name = "projects"
urlpatterns = [
    path("", application.project_list, name="list"),
    path("export.xlsx", application.project_export, name="export"),
    path("new/", application.project_create, name="create"),
    path("<int:pk>/", detail.project_detail, name="detail"),
    path("<int:pk>/edit/", application.project_edit, name="edit"),
    path("<int:pk>/results/", application.results_edit, name="results"),
    path("<int:pk>/act/", detail.project_act, name="act"),
    path("<int:pk>/files/<int:attachment_pk>/", detail.attachment_download, name="attachment"),
]
