from django.urls import path

from apps.unit.views import inbox

app_name = "recommenders"
urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("export.xlsx", inbox.inbox_export, name="export"),
    path("projects/<int:pk>/", inbox.review, name="review"),
]
