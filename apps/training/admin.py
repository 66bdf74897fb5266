from django.contrib import admin

from .models import Attendance, TrackingVisit, TrainingSession


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    list_display = ("held_on", "topic", "place", "campaign")
    list_filter = ("campaign",)


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ("session", "team_member", "project", "registered_at")
    raw_id_fields = ("team_member", "project")


@admin.register(TrackingVisit)
class TrackingVisitAdmin(admin.ModelAdmin):
    list_display = ("visited_on", "form", "project", "recommender")
    raw_id_fields = ("project",)
