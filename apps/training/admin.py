from django.contrib import admin

from apps.core.admin_utils import PolicyAdmin

from .models import Attendance, TrackingVisit, TrainingSession


@admin.register(TrainingSession)
class TrainingSessionAdmin(PolicyAdmin):
    list_display = ("held_on", "topic", "place", "campaign")
    list_filter = ("campaign",)


@admin.register(Attendance)
class AttendanceAdmin(PolicyAdmin):
    list_display = ("session", "team_member", "project", "registered_at")
    raw_id_fields = ("team_member", "project")


@admin.register(TrackingVisit)
class TrackingVisitAdmin(PolicyAdmin):
    list_display = ("visited_on", "form", "project", "recommender")
    raw_id_fields = ("project",)
