from django.urls import path

from apps.unit.views import districts, inbox

app_name = "recommenders"
urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("export.xlsx", inbox.inbox_export, name="export"),
    path("projects/<int:pk>/", inbox.review, name="review"),
    path("districts/", districts.district_list, name="districts"),
    path("districts/<int:pk>/confirm/", districts.confirm, name="confirm_district"),
    path("districts/<int:pk>/withdraw/", districts.withdraw, name="withdraw_district"),
]
