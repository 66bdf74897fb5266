from django.db import models

from apps.organizations.choices import District


class RecommenderKind(models.TextChoices):
    """第六条: the four kinds of recommending units."""

    INDUSTRY_DEPARTMENT = "industry_department", "市级行业主管部门"
    DISTRICT_AMR = "district_amr", "区市场监督管理部门"
    INDUSTRIAL_GROUP = "industrial_group", "工业集团"
    ASSOCIATION = "association", "行业协会"


class RecommenderUnit(models.Model):
    name = models.CharField("推荐单位名称", max_length=200, unique=True)
    kind = models.CharField("类别（第六条）", max_length=30, choices=RecommenderKind.choices)
    district = models.CharField("所在区", max_length=20, choices=District.choices, blank=True)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    # For an 工业集团: its member enterprises (the "same group" recusal of 第二十二条).
    member_organizations = models.ManyToManyField(
        "organizations.Organization", verbose_name="所属企业", blank=True, related_name="groups"
    )
    # Object permissions (django-guardian) on routed projects are granted to this group.
    group = models.OneToOneField("auth.Group", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "推荐单位"
        verbose_name_plural = "推荐单位"
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.group_id is None:
            from django.contrib.auth.models import Group

            self.group = Group.objects.create(name=f"推荐单位·{self.pk}")
            super().save(update_fields=["group"])
