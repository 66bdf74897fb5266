from django.urls import path

from . import views

app_name = "recommenders"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("export.xlsx", views.inbox_export, name="export"),
    path("projects/<int:pk>/", views.review, name="review"),
]
