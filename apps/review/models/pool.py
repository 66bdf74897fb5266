from functools import cache

from django.conf import settings
from django.db import models
from django.utils import timezone

from apps.organizations.choices import Industry


class ExpertStatus(models.TextChoices):
    """第五条(三): the pool is managed dynamically."""

    ACTIVE = "active", "在库"
    SUSPENDED = "suspended", "暂停"
    RETIRED = "retired", "退出"


@cache
def _industry_labels():
    # The enum's {value: label}, built once: Django builds its choices anew on every call,
    # and a panel's members or a page of the pool asked for them once an expert.
    return dict(Industry.choices)


class ExpertQuerySet(models.QuerySet):
    def active(self):
        today = timezone.localdate()
        return self.filter(status=ExpertStatus.ACTIVE).exclude(term_end__lt=today)

    def with_specialty(self, specialty):
        if not specialty:
            return self
        # specialties is a JSON list; a plain text match works on SQLite and PostgreSQL alike.
        return self.filter(specialties__icontains=f'"{specialty}"')


class Expert(models.Model):
    """A member of the 专家库 (第五条(三)), linked to a user with the 专家 role."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="expert_profile"
    )
    name = models.CharField("姓名", max_length=50)
    employer_name = models.CharField("工作单位", max_length=200)
    employer_credit_code = models.CharField("工作单位统一社会信用代码", max_length=18, blank=True, db_index=True)
    title = models.CharField("职称/职务", max_length=100, blank=True)
    specialties = models.JSONField("专业领域", default=list, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    term_start = models.DateField("聘期开始", null=True, blank=True)
    term_end = models.DateField("聘期结束", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=ExpertStatus.choices, default=ExpertStatus.ACTIVE)
    status_reason = models.CharField("状态说明", max_length=200, blank=True)
    created_at = models.DateTimeField("入库时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ExpertQuerySet.as_manager()

    class Meta:
        verbose_name = "专家"
        verbose_name_plural = "专家库"
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def get_specialties_display(self):
        return self.specialties_label(self.specialties)

    @staticmethod
    def specialties_label(specialties):
        """The specialties' labels, joined, for rows read as values."""
        labels = _industry_labels()
        return "、".join(labels.get(s, s) for s in specialties)

    @property
    def is_active_member(self):
        return self.status == ExpertStatus.ACTIVE and not (self.term_end and self.term_end < timezone.localdate())


class Conflict(models.Model):
    """A conflict of interest the expert declares (第二十二条): relatives, collaboration or
    employment in the last 3 years, disputes."""

    expert = models.ForeignKey(Expert, verbose_name="专家", on_delete=models.CASCADE, related_name="conflicts")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="申报组织", on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField("利益关系说明", max_length=300)
    declared_at = models.DateTimeField("申报时间", auto_now_add=True)

    class Meta:
        verbose_name = "利益冲突申报"
        verbose_name_plural = "利益冲突申报"
        ordering = ["-declared_at"]
        constraints = [models.UniqueConstraint(fields=["expert", "organization"], name="unique_conflict")]

    def __str__(self):
        return f"{self.expert}—{self.organization}"


PLEDGE_TEXT = (
    "本人承诺：遵守《天津市质量攻关管理办法》第二十三条，对评审材料、评审过程和评审结果严格保密，"
    "不复制、不外传、不向任何单位和个人透露；独立、客观、公正评分，不受任何单位和个人影响；"
    "与申报组织存在利益关系的，主动申请回避（第二十二条）。"
)


class ConfidentialityPledge(models.Model):
    """第二十三条: signed for a campaign before the expert first sees any material."""

    expert = models.ForeignKey(Expert, verbose_name="专家", on_delete=models.CASCADE, related_name="pledges")
    campaign = models.ForeignKey("campaigns.Campaign", verbose_name="年度", on_delete=models.CASCADE, related_name="+")
    text = models.TextField("承诺内容", default=PLEDGE_TEXT)
    signed_at = models.DateTimeField("签署时间", auto_now_add=True)
    ip_address = models.GenericIPAddressField("签署IP", null=True, blank=True)

    class Meta:
        verbose_name = "保密承诺（第二十三条）"
        verbose_name_plural = "保密承诺（第二十三条）"
        constraints = [models.UniqueConstraint(fields=["expert", "campaign"], name="one_pledge_per_campaign")]

    def __str__(self):
        return f"{self.expert}·{self.campaign.year}"
