"""The ``awards`` pages of the organisation and the recommending unit."""

from django.urls import path

from apps.workspace.views import certificates

urlpatterns = [
    path("mine/", certificates.mine, name="mine"),
    path("certificates/<int:pk>/download/", certificates.download, name="download"),
]
