from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.core.admin_utils import DecisionDataAdmin, PolicyAdmin, PolicyPermissions, PolicyTabularInline, register_plain

from .models import Attachment, AuthenticityCommitment, Metric, Project, ProjectFingerprint, ProjectTransition, SimilarityFinding, SimilarityGram, SimilarityHashCount, TeamMember


class MetricInline(PolicyTabularInline):
    model = Metric
    extra = 0


class TeamInline(PolicyTabularInline):
    model = TeamMember
    extra = 0


class AttachmentInline(PolicyTabularInline):
    model = Attachment
    extra = 0
    readonly_fields = ("original_name", "content_type", "size", "uploaded_by", "uploaded_at")


class TransitionInline(PolicyTabularInline):
    model = ProjectTransition
    extra = 0
    readonly_fields = ("transition", "from_state", "to_state", "actor", "role", "comment", "created_at")


@admin.register(Project)
class ProjectAdmin(PolicyPermissions, SimpleHistoryAdmin):
    """State is read-only here: changes go through the transitions (the only door). The
    "历史" page lists every saved version of the application."""

    list_display = ("number", "title", "organization", "recommender", "campaign", "state", "award_level")
    list_select_related = ("campaign", "organization", "recommender")
    list_filter = ("campaign", "state", "organization__district", "organization__industry")
    search_fields = ("title", "organization__name", "organization__credit_code")
    readonly_fields = ("state", "award_level", "submitted_at", "results_submitted_at", "created_at", "updated_at")
    exclude = ("search_text",)
    raw_id_fields = ("organization", "recommender", "created_by")
    inlines = [MetricInline, TeamInline, AttachmentInline, TransitionInline]


@admin.register(ProjectTransition)
class ProjectTransitionAdmin(DecisionDataAdmin):
    decision_note = "状态变更记录由项目页面的各项操作（/projects/<编号>/）经状态机写入，只追加不修改。"
    list_display = ("project", "transition", "from_state", "to_state", "actor", "role", "created_at")
    list_select_related = ("project__campaign", "actor")
    list_filter = ("transition", "to_state")
    readonly_fields = [f.name for f in ProjectTransition._meta.fields]


@admin.register(AuthenticityCommitment)
class AuthenticityCommitmentAdmin(DecisionDataAdmin):
    decision_note = "真实性承诺由申报单位在提交页面（/projects/<编号>/submit/）确认时写入，只追加不修改（第二十一条）。"
    list_display = ("project", "phase", "confirmed_by", "confirmed_at")
    list_select_related = ("project__campaign", "confirmed_by")
    list_filter = ("phase",)
    readonly_fields = [f.name for f in AuthenticityCommitment._meta.fields]


register_plain(Metric, TeamMember, Attachment)


class ReadOnlyAdmin(PolicyAdmin):
    """第七条(四): the check, its sketch and the findings are written only by the check and by
    apps.projects.similarity (acknowledge, record_finding); the admin shows them (read-only
    in apps.projects.policy)."""


@admin.register(ProjectFingerprint)
class ProjectFingerprintAdmin(ReadOnlyAdmin):
    list_display = ("project", "year", "status", "max_score", "checked_at", "acknowledged_at")
    list_filter = ("status", "year")


@admin.register(SimilarityGram)
class SimilarityGramAdmin(ReadOnlyAdmin):
    list_display = ("project", "year", "hash")


@admin.register(SimilarityFinding)
class SimilarityFindingAdmin(ReadOnlyAdmin):
    list_display = ("project", "finding", "recorded_by", "created_at")
    list_filter = ("finding",)


@admin.register(SimilarityHashCount)
class SimilarityHashCountAdmin(ReadOnlyAdmin):
    list_display = ("hash", "projects")
