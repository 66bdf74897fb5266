from django.conf import settings
from django.db import models

from apps.projects.states import AwardLevel


class ProposalEntry(models.Model):
    """第十六条: the panel's proposal for one reviewed project — its rank, its final
    aggregated score and the proposed level (blank = no award). The announcement (第十七条)
    reads these through :func:`apps.review.selectors.proposal_for_campaign`."""

    campaign = models.ForeignKey("campaigns.Campaign", verbose_name="年度", on_delete=models.CASCADE, related_name="proposal_entries")
    project = models.OneToOneField("projects.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="proposal_entry")
    rank = models.PositiveIntegerField("排名")
    score = models.DecimalField("最终得分", max_digits=7, decimal_places=3)
    raw_mean = models.DecimalField("原始平均分（去高低后）", max_digits=7, decimal_places=3, null=True, blank=True)
    score_count = models.PositiveSmallIntegerField("有效评分数", default=0)
    spread = models.DecimalField("分差（最高−最低）", max_digits=6, decimal_places=2, null=True, blank=True)
    proposed_level = models.CharField("建议等级", max_length=10, choices=AwardLevel.choices, blank=True)
    flagged = models.BooleanField("评分分歧较大", default=False)
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="调整人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    adjustment_note = models.TextField("调整说明", blank=True)
    finalised = models.BooleanField("评审已结束", default=False)
    # 第二十二条: a score excluded by a recusal after the review closed, and what followed (the
    # proposal recomputed, or — the list already decided — left for the commission to handle).
    gap_note = models.CharField("回避缺额（第二十二条）", max_length=500, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "评审建议名单"
        verbose_name_plural = "评审建议名单"
        ordering = ["campaign", "rank"]
        indexes = [
            models.Index(fields=["campaign", "rank"]),
            # The ranking page filtered by level, in rank order.
            models.Index(fields=["campaign", "proposed_level", "rank"], name="proposal_level_rank_idx"),
        ]

    def __str__(self):
        return f"{self.rank}. {self.project_id}"


class BestOrganizationEntry(models.Model):
    """第十六条: the best-organisation proposal — recommender units ranked by the
    applications they brought and the awards proposed for them (≤ quota, 第四条)."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name="年度", on_delete=models.CASCADE, related_name="best_organization_entries"
    )
    recommender = models.ForeignKey(
        "recommenders.RecommenderUnit", verbose_name="推荐单位", on_delete=models.CASCADE, related_name="best_organization_entries"
    )
    rank = models.PositiveIntegerField("排名")
    applications = models.PositiveIntegerField("推荐申报数")
    proposed_awards = models.PositiveIntegerField("建议获奖数")
    score = models.DecimalField("综合得分", max_digits=8, decimal_places=3)
    proposed = models.BooleanField("建议授予最佳组织奖", default=False)
    finalised = models.BooleanField("评审已结束", default=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "最佳组织奖建议"
        verbose_name_plural = "最佳组织奖建议"
        ordering = ["campaign", "rank"]
        constraints = [models.UniqueConstraint(fields=["campaign", "recommender"], name="unique_best_org_entry")]

    def __str__(self):
        return f"{self.rank}. {self.recommender_id}"
