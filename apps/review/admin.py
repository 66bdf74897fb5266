from django.contrib import admin

from apps.core.admin_utils import register_plain

from .models import (
    BestOrganizationEntry,
    ConfidentialityPledge,
    Conflict,
    CriterionScore,
    Expert,
    Panel,
    PanelDraw,
    PanelMember,
    ProposalEntry,
    ReviewAssignment,
    ReviewAuditEvent,
    Score,
)


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ["name", "employer_name", "title", "status", "term_end"]
    list_filter = ["status"]
    search_fields = ["name", "employer_name", "employer_credit_code", "user__username"]
    raw_id_fields = ["user"]


@admin.register(Conflict)
class ConflictAdmin(admin.ModelAdmin):
    list_display = ["expert", "organization", "reason", "declared_at"]
    raw_id_fields = ["expert", "organization"]


@admin.register(Panel)
class PanelAdmin(admin.ModelAdmin):
    list_display = ["name", "campaign", "specialty", "chair", "status"]
    list_filter = ["campaign", "status"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """第二十三条: draws and the audit trail are append-only, also in the back office."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PanelDraw)
class PanelDrawAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "panel", "kind", "project", "operator", "seed"]
    list_filter = ["kind"]


@admin.register(ReviewAuditEvent)
class ReviewAuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "action", "project", "expert", "message"]
    list_filter = ["action"]
    search_fields = ["message"]


register_plain(PanelMember, ReviewAssignment, ConfidentialityPledge, ProposalEntry, BestOrganizationEntry, Score, CriterionScore)
