from django.conf import settings
from django.db import models

from apps.core.append_only import AppendOnlyModel, AppendOnlyQuerySet


class ReviewAuditEvent(AppendOnlyModel):
    """第二十三条: an append-only trail of who saw and did what in the review (a PostgreSQL
    trigger refuses UPDATE and DELETE too). What it refers to cannot be deleted under it."""

    class Action(models.TextChoices):
        EXPERT_ADDED = "expert_added", "专家入库"
        EXPERT_CHANGED = "expert_changed", "修改专家信息"
        EXPERT_STATUS = "expert_status", "专家状态变更"
        CONFLICT_DECLARED = "conflict_declared", "申报利益冲突"
        PLEDGE_SIGNED = "pledge_signed", "签署保密承诺"
        PANEL_DRAWN = "panel_drawn", "抽取评审组"
        ASSIGNED = "assigned", "分配评审专家"
        AUTO_RECUSAL = "auto_recusal", "自动回避"
        RECUSED = "recused", "专家申请回避"
        REPLACED = "replaced", "补抽替换专家"
        REPLACEMENT_FAILED = "replacement_failed", "补抽失败"
        VIEWED = "viewed", "查看评审材料"
        VIEWED_ATTACHMENT = "viewed_attachment", "查看附件"
        DRAFT_SAVED = "draft_saved", "保存评分草稿"
        SUBMITTED = "submitted", "提交评分"
        REOPENED = "reopened", "退回评分"
        LEVEL_ADJUSTED = "level_adjusted", "调整建议等级"
        PANEL_CLOSED = "panel_closed", "评审结束"
        PROPOSAL_RECOMPUTED = "proposal_recomputed", "回避后重新计算建议名单"
        PROPOSAL_GAP_FLAGGED = "proposal_gap_flagged", "回避缺额报市市场监管委"

    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField("事项", max_length=30, choices=Action.choices)
    campaign = models.ForeignKey("campaigns.Campaign", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    panel = models.ForeignKey("experts.Panel", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    project = models.ForeignKey("projects.Project", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    expert = models.ForeignKey("experts.Expert", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    message = models.CharField("说明", max_length=500, blank=True)
    detail = models.JSONField("详情", default=dict, blank=True)

    class Meta:
        verbose_name = "评审审计记录"
        verbose_name_plural = "评审审计记录"
        ordering = ["-created_at", "-pk"]
        base_manager_name = "objects"

    objects = AppendOnlyQuerySet.as_manager()

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()}"
