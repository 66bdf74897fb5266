from django.contrib import admin

from apps.core.admin_utils import PolicyAdmin

from .models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(PolicyAdmin):
    list_display = ["title", "recipient", "category", "created_at", "read_at", "email_status", "email_attempts"]
    list_filter = ["category", "email_status"]
    search_fields = ["title", "recipient__username"]
    raw_id_fields = ["recipient", "project"]


admin.site.register(NotificationPreference, PolicyAdmin)
