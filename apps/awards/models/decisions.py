import datetime

from django.conf import settings
from django.db import models

from apps.core.labels import ChoiceLabels
from apps.projects.states import AwardLevel


class AwardList(models.Model):
    """A campaign's award list (第十七条): drafted by the commission from the panel's proposal,
    then published together as a public notice, then announced."""

    class Status(models.TextChoices):
        DRAFT = "draft", "拟定中"
        NOTICE = "notice", "公示中"
        ANNOUNCED = "announced", "已公布"

    campaign = models.OneToOneField("campaigns.Campaign", verbose_name="年度", on_delete=models.PROTECT, related_name="award_list")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    notice_starts_on = models.DateField("公示开始日期", null=True, blank=True)
    notice_ends_on = models.DateField("公示截止日期", null=True, blank=True)
    published_at = models.DateTimeField("公示发布时间", null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    announced_at = models.DateTimeField("公布时间", null=True, blank=True)
    announced_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "获奖名单"
        verbose_name_plural = "获奖名单"
        ordering = ["-campaign__year"]

    @property
    def announceable_from(self):
        """第十七条: the list may be announced from the day after the public notice ends
        (None while it has not been published)."""
        return self.notice_ends_on + datetime.timedelta(days=1) if self.notice_ends_on else None

    def __str__(self):
        return f"{self.campaign.year}年度获奖名单（{self.get_status_display()}）"


class ListEntry(ChoiceLabels, models.Model):
    """The commission's draft decision for one reviewed project (STYLE.md habit 10): a level,
    or off the list (level empty). It takes effect only when the list is published."""

    award_list = models.ForeignKey(AwardList, on_delete=models.CASCADE, related_name="entries")
    project = models.OneToOneField("projects.Project", on_delete=models.CASCADE, related_name="list_entry")
    level = models.CharField("拟授奖等级", max_length=10, choices=AwardLevel.choices, blank=True)
    proposed_level = models.CharField("专家组建议等级", max_length=10, choices=AwardLevel.choices, blank=True)
    rank = models.PositiveIntegerField("专家组排名", null=True, blank=True)
    score = models.DecimalField("评审得分", max_digits=6, decimal_places=2, null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "名单条目"
        verbose_name_plural = "名单条目"
        ordering = ["rank", "pk"]
        # The decision list pages a year's entries in this order (50 of about 2,700): read in
        # index order, not sorted after joining every entry's project.
        indexes = [models.Index(fields=["award_list", "rank", "id"], name="listentry_list_rank_idx")]

    @property
    def adjusted(self):
        return self.level != self.proposed_level


class BestOrganizationAward(models.Model):
    """最佳组织奖 for a recommender unit (第四条, 第十六条). ``selected`` is the commission's
    draft; ``published`` once the list is announced."""

    award_list = models.ForeignKey(AwardList, on_delete=models.CASCADE, related_name="best_organizations")
    recommender = models.ForeignKey("recommenders.RecommenderUnit", on_delete=models.PROTECT, related_name="best_organization_awards")
    rank = models.PositiveIntegerField("专家组排名", null=True, blank=True)
    applications = models.PositiveIntegerField("推荐申报数", default=0)
    proposed_awards = models.PositiveIntegerField("拟获奖数", default=0)
    proposed = models.BooleanField("专家组建议", default=False)
    selected = models.BooleanField("拟授予", default=False)
    published = models.BooleanField("已公布", default=False)

    class Meta:
        verbose_name = "最佳组织奖"
        verbose_name_plural = "最佳组织奖"
        ordering = ["rank", "pk"]
        constraints = [models.UniqueConstraint(fields=["award_list", "recommender"], name="one_best_org_entry_per_unit")]

    def __str__(self):
        return f"{self.award_list.campaign.year}年度最佳组织奖：{self.recommender}"
