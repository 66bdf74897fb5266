from django.conf import settings
from django.db import models

from apps.organizations.choices import Industry

from .score import Score


class Panel(models.Model):
    """A review panel (评审组) of a campaign, drawn from the active pool by specialty (第五条(三))."""

    class Status(models.TextChoices):
        OPEN = "open", "评审中"
        CLOSED = "closed", "已结束"

    campaign = models.ForeignKey("campaigns.Campaign", verbose_name="年度", on_delete=models.PROTECT, related_name="panels")
    name = models.CharField("评审组名称", max_length=100)
    specialty = models.CharField("专业领域", max_length=20, choices=Industry.choices, blank=True)
    chair = models.ForeignKey(
        "experts.Expert", verbose_name="组长", null=True, blank=True, on_delete=models.SET_NULL, related_name="chaired_panels"
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("组建时间", auto_now_add=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "评审组"
        verbose_name_plural = "评审组"
        ordering = ["campaign", "pk"]

    def __str__(self):
        return self.name

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    @classmethod
    def specialty_label_of(cls, specialty):
        """The label of a panel's ``specialty``: its industry's, 综合 for a panel of all."""
        return dict(cls._meta.get_field("specialty").flatchoices).get(specialty, specialty) if specialty else "综合"

    @property
    def specialty_label(self):
        return self.specialty_label_of(self.specialty)


class PanelMember(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    expert = models.ForeignKey("experts.Expert", on_delete=models.PROTECT, related_name="panel_memberships")
    draw = models.ForeignKey("experts.PanelDraw", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "评审组成员"
        verbose_name_plural = "评审组成员"
        ordering = ["panel", "pk"]
        constraints = [models.UniqueConstraint(fields=["panel", "expert"], name="unique_panel_member")]


class PanelDraw(models.Model):
    """A recorded random draw (统一标准、管用分离、随机抽取): who, when, with which seed, from
    which candidates, with which result. Re-running :func:`apps.review.draw.draw` with the same
    seed and candidates gives the same result. Append-only."""

    class Kind(models.TextChoices):
        PANEL = "panel", "抽取评审组成员"
        ASSIGNMENT = "assignment", "分配评审专家"
        REPLACEMENT = "replacement", "回避后补抽"

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="draws")
    kind = models.CharField("抽取类型", max_length=20, choices=Kind.choices)
    project = models.ForeignKey("projects.Project", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL, related_name="+")
    seed = models.CharField("随机种子", max_length=64)
    requested = models.PositiveSmallIntegerField("抽取人数")
    candidates = models.JSONField("候选专家", default=list)  # expert ids, in the order used
    excluded = models.JSONField("回避排除", default=dict)  # expert id → reasons
    result = models.JSONField("抽取结果", default=list)  # expert ids, in draw order
    created_at = models.DateTimeField("抽取时间", auto_now_add=True)

    class Meta:
        verbose_name = "随机抽取记录"
        verbose_name_plural = "随机抽取记录"
        ordering = ["-created_at", "-pk"]

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("抽取记录不可修改。")
        super().save(*args, **kwargs)


class ScoringStatus(models.TextChoices):
    """Where one assignment's scoring stands, as its status tag shows it (the value is the
    tag's style)."""

    RECUSED = "recused", "已回避"
    SUBMITTED = "submitted", "已提交"
    DRAFT = "draft", "草稿"
    WAITING = "", "待评分"


class ReviewAssignment(models.Model):
    """One expert scoring one project in a panel. Recusal (第二十二条) ends it; a replacement
    is a new assignment pointing at the one it replaces."""

    class Status(models.TextChoices):
        ACTIVE = "active", "评审中"
        RECUSED = "recused", "已回避"

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="assignments")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="review_assignments")
    expert = models.ForeignKey("experts.Expert", on_delete=models.PROTECT, related_name="assignments")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.ACTIVE)
    draw = models.ForeignKey(PanelDraw, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaced_by", verbose_name="替换"
    )
    recusal_reason = models.CharField("回避理由", max_length=300, blank=True)
    recused_at = models.DateTimeField("回避时间", null=True, blank=True)
    created_at = models.DateTimeField("分配时间", auto_now_add=True)

    class Meta:
        verbose_name = "评审分配"
        verbose_name_plural = "评审分配"
        ordering = ["project", "pk"]
        constraints = [models.UniqueConstraint(fields=["project", "expert"], name="one_assignment_per_expert")]
        indexes = [
            # An expert's assignments by status, and within them by panel: the panel screen counts
            # each member's active assignments in the year's panels and in its own.
            models.Index(fields=["expert", "status", "panel"], name="assignment_expert_status_idx"),
            # A panel's projects (its progress table, the ranking's panel filter) in project order.
            models.Index(fields=["panel", "project"], name="assignment_panel_project_idx"),
            # A member's active assignments in its panel, with their keys: the panel screen counts
            # the scores each member submitted there (a score per assignment) without reading
            # the assignments from the table (1.85 → 1.3 ms for the busiest panel at design scale).
            models.Index(fields=["panel", "expert", "status"], include=["id"], name="assignment_panel_expert_idx"),
            # An expert's assignments newest first (the expert's page in the pool): walking the
            # keys backwards for one expert's rows passed over every other expert's.
            models.Index(fields=["expert", "id"], name="assignment_expert_newest_idx"),
        ]

    def __str__(self):
        return f"{self.expert} → {self.project_id}"

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE

    @property
    def scoring_status(self):
        score = getattr(self, "score", None)
        return self.scoring_status_of(self.status, score.status if score else None)

    @classmethod
    def scoring_status_of(cls, status, score_status):
        """The scoring status from the assignment's and its score's status (None without a
        score), for rows read as values."""
        if status != cls.Status.ACTIVE:
            return ScoringStatus.RECUSED
        if score_status is None:
            return ScoringStatus.WAITING
        return ScoringStatus.SUBMITTED if score_status == Score.Status.SUBMITTED else ScoringStatus.DRAFT
