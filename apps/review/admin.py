from django.contrib import admin

from apps.core.admin_utils import DecisionDataAdmin, PolicyAdmin, register_plain, register_read_only

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
class ExpertAdmin(PolicyAdmin):
    """The pool's status and employer change through the pool screen (/experts/pool/), which
    withdraws conflicted assignments at once (第二十二条); here they are read-only."""

    list_display = ["name", "employer_name", "employer_credit_code", "title", "status", "term_end"]
    list_filter = ["status"]
    search_fields = ["name", "employer_name", "employer_credit_code", "user__username"]
    raw_id_fields = ["user"]
    readonly_fields = ["name", "employer_name", "employer_credit_code", "phone", "status", "status_reason", "term_end"]


@admin.register(Conflict)
class ConflictAdmin(DecisionDataAdmin):
    decision_note = "利益冲突由专家在“利益冲突申报”页面（/experts/conflicts/）申报，登记后已分配的项目立即回避（第二十二条）。"
    list_display = ["expert", "organization", "reason", "declared_at"]


@admin.register(Panel)
class PanelAdmin(PolicyAdmin):
    list_display = ["name", "campaign", "specialty", "chair", "status"]
    list_filter = ["campaign", "status"]


@admin.register(PanelDraw)
class PanelDrawAdmin(DecisionDataAdmin):
    decision_note = "随机抽取记录由评审组页面（/experts/panels/）的抽取、分配和补抽生成，只追加不修改。"
    list_display = ["created_at", "panel", "kind", "project", "operator", "seed"]
    list_filter = ["kind"]


@admin.register(ReviewAuditEvent)
class ReviewAuditEventAdmin(DecisionDataAdmin):
    decision_note = "评审审计记录只追加不修改（第二十三条），在“审计记录”页面（/experts/audit/）查阅。"
    list_display = ["created_at", "actor", "action", "project", "expert", "message"]
    list_filter = ["action"]
    search_fields = ["message"]


register_plain(PanelMember, ConfidentialityPledge)
register_read_only(
    ReviewAssignment,
    "评审分配由评审组页面（/experts/panels/）随机抽取生成；回避和补抽在该页面或专家的评审页面办理（第二十二条）。",
    list_display=["project", "expert", "panel", "status", "recused_at"],
)
register_read_only(
    Score,
    "评分由专家在评审页面提交；需更正的，由第三方机构在评分表页面（/experts/scores/<编号>/）退回专家修改（第十六条、第二十三条）。",
    list_display=["assignment", "status", "total", "submitted_at"],
)
register_read_only(CriterionScore, "评分项随评分在专家的评审页面提交，不在后台修改（第十六条）。")
register_read_only(
    ProposalEntry,
    "建议名单由评分自动汇总；建议等级只能由评审组组长在“评审结果”页面（/experts/results/）调整（第十六条）。",
    list_display=["campaign", "rank", "project", "score", "proposed_level", "finalised"],
)
register_read_only(
    BestOrganizationEntry,
    "最佳组织奖建议由建议名单自动计算（第十六条），在“评审结果”页面（/experts/results/）查阅。",
    list_display=["campaign", "rank", "recommender", "score", "proposed"],
)
