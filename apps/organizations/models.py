import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Substr
from django.utils import timezone

from apps.core.labels import ChoiceLabels

from .choices import District, Industry
from .credit_code import normalise, validate_tianjin_credit_code
from .districts import district_from_credit_code

BAN_YEARS = 5  # 第二十一条

JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no look-alikes (I/1, O/0)
JOIN_CODE_LENGTH = 10


def new_join_code() -> str:
    """A random join code: 10 characters from 32, about 2⁵⁰ possibilities."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


class Organization(ChoiceLabels, models.Model):
    """An applicant organisation registered in Tianjin (第七条(一))."""

    name = models.CharField("组织名称", max_length=200)
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, validators=[validate_tianjin_credit_code]
    )
    district = models.CharField("所在区", max_length=20, choices=District.choices)
    # 第六条: the district bureau that recommends the organisation is the one of its district,
    # read from the credit code (apps/organizations/districts.py). A district stated otherwise
    # counts only once the bureau of that district has confirmed it.
    district_confirmed = models.BooleanField(
        "所在区已确认",
        default=False,
        help_text="所填所在区与统一社会信用代码的登记机关所在区不一致时，经该区市场监督管理部门核实后勾选。",
    )
    industry = models.CharField("所属行业", max_length=20, choices=Industry.choices)
    address = models.CharField("通讯地址", max_length=200, blank=True)
    contact_name = models.CharField("联系人", max_length=50)
    contact_phone = models.CharField("联系电话", max_length=30)
    contact_email = models.EmailField("联系邮箱", blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    # A colleague joins with the credit code (public) and this code (random, shown to the
    # members on 本组织). Stored as is, not hashed: members must be able to read it again to
    # pass it on, and it guards only joining, which the administrator can end by renewing it.
    join_code = models.CharField("加入码", max_length=JOIN_CODE_LENGTH, default=new_join_code, editable=False)
    join_code_renewed_at = models.DateTimeField("加入码更新时间", null=True, blank=True, editable=False)
    administrator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="组织管理员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="登记本组织的经办人；可以更新加入码。",
    )

    class Meta:
        verbose_name = "申报组织"
        verbose_name_plural = "申报组织"
        ordering = ["name"]
        indexes = [
            # 第六条: the organisations in a unit's scope (apps.recommenders.scope.scope_filter)
            # by index, not by reading them all for each of a unit's lists and counts: a
            # district bureau's by stated district or by the credit code's division digits (the
            # expression of the filter, exactly), a department's by industry.
            models.Index(fields=["district"], name="organization_district_idx"),
            models.Index(Substr("credit_code", 3, 6), name="organization_division_idx"),
            models.Index(fields=["industry"], name="organization_industry_idx"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.credit_code = normalise(self.credit_code)
        if not self.district:
            self.district = district_from_credit_code(self.credit_code)
        super().save(*args, **kwargs)

    @property
    def registered_district(self):
        """第六条: the district of the registration authority, from the credit code ("" if none)."""
        return district_from_credit_code(self.credit_code)

    @property
    def scope_district(self):
        """第六条: the district whose bureau recommends the organisation: the stated district
        when the credit code agrees with it, names none, or the bureau has confirmed it;
        otherwise the district of the credit code."""
        registered = self.registered_district
        if not registered or self.district == registered or self.district_confirmed:
            return self.district
        return registered

    def get_registered_district_label(self):
        registered = self.registered_district
        return District(registered).label if registered else "（无法识别）"

    @property
    def district_unconfirmed(self):
        """The stated district differs from the credit code's and is not yet confirmed."""
        return self.scope_district != self.district

    def active_ban(self, on=None):
        return OrganizationBan.objects.active_for(self.credit_code, on=on)


class BanQuerySet(models.QuerySet):
    def _in_force(self, on):
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on, ends_on__gt=on).order_by("-ends_on")

    def active_for(self, credit_code, on=None):
        return self._in_force(on).filter(credit_code=normalise(credit_code)).first()

    def active_for_organization(self, organization_id, on=None):
        """The ban in force on the organisation ``organization_id``: read with its credit code
        (kept normalised, Organization.save) in one query, the organisation not loaded."""
        codes = Organization.objects.filter(pk=organization_id).values("credit_code")
        return self._in_force(on).filter(credit_code__in=codes).first()


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class OrganizationBan(models.Model):
    """第二十一条: an organisation that obtained an award by fraud may not apply for 5 years.

    Keyed on the credit code, so registering the organisation again does not escape it.
    The ban runs from ``starts_on`` (inclusive) to ``ends_on`` (exclusive)."""

    credit_code = models.CharField("统一社会信用代码", max_length=18, db_index=True)
    organization_name = models.CharField("组织名称", max_length=200)
    starts_on = models.DateField("起始日期")
    ends_on = models.DateField("截止日期（不含）")
    reason = models.TextField("原因")
    project = models.ForeignKey(
        "projects.Project", verbose_name="被撤销奖项的项目", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = BanQuerySet.as_manager()

    class Meta:
        verbose_name = "申报限制（第二十一条）"
        verbose_name_plural = "申报限制（第二十一条）"
        ordering = ["-starts_on"]

    def __str__(self):
        return f"{self.organization_name}：{self.starts_on}至{self.ends_on}"

    def save(self, *args, **kwargs):
        self.credit_code = normalise(self.credit_code)
        if not self.ends_on:
            self.ends_on = add_years(self.starts_on, BAN_YEARS)
        super().save(*args, **kwargs)

    @property
    def message(self):
        return (
            f"根据第二十一条，该组织自{self.starts_on:%Y-%m-%d}起5年内不得申报"
            f"（限制至{self.ends_on:%Y-%m-%d}止）。"
        )
