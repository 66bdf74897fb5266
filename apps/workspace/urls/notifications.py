from django.urls import path

from apps.workspace.views import notifications

app_name = "notifications"
urlpatterns = [
    path("", notifications.inbox, name="inbox"),
    path("<int:pk>/", notifications.open_notification, name="open"),
    path("read/", notifications.mark_read, name="mark_read"),
    path("settings/", notifications.preferences, name="preferences"),
]
