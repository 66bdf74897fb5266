"""第二十四条: the regulation's period of validity, as configured.

``settings.TJQA_REGULATION_PERIODS`` lists the regulations in force, each as
``{"name": ..., "starts_on": "YYYY-MM-DD", "ends_on": "YYYY-MM-DD"}`` (both days inclusive).
A campaign year is within the validity when a listed regulation is in force on at least one
day of that year; any other year is refused, whichever door creates or edits the campaign
(the office's form, the admin, the demo: all go through ``Campaign.clean``)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class RegulationPeriod:
    name: str
    starts_on: datetime.date
    ends_on: datetime.date

    def covers_year(self, year: int) -> bool:
        return self.starts_on.year <= year <= self.ends_on.year

    def __str__(self):
        return f"《{self.name}》{_cn(self.starts_on)}至{_cn(self.ends_on)}"


def _cn(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _date(value, key, name):
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ImproperlyConfigured(f"TJQA_REGULATION_PERIODS：{name} 的 {key} 须为 YYYY-MM-DD 格式的日期") from None


def regulation_periods() -> list[RegulationPeriod]:
    periods = []
    for entry in getattr(settings, "TJQA_REGULATION_PERIODS", []):
        name = str(entry.get("name") or "").strip()
        if not name:
            raise ImproperlyConfigured("TJQA_REGULATION_PERIODS：每个有效期须写明办法名称（name）")
        period = RegulationPeriod(name, _date(entry.get("starts_on"), "starts_on", name), _date(entry.get("ends_on"), "ends_on", name))
        if period.ends_on < period.starts_on:
            raise ImproperlyConfigured(f"TJQA_REGULATION_PERIODS：{name} 的 ends_on 早于 starts_on")
        periods.append(period)
    return sorted(periods, key=lambda p: p.starts_on)


def regulation_for_year(year) -> RegulationPeriod | None:
    """The regulation in force in ``year`` (the latest one if two overlap), or None."""
    found = [period for period in regulation_periods() if period.covers_year(year)]
    return found[-1] if found else None


def year_problem(year) -> str | None:
    """第二十四条: why no campaign may be made for ``year``, or None when it may."""
    if year is None or regulation_for_year(year) is not None:
        return None
    periods = "、".join(str(period) for period in regulation_periods()) or "未配置有效期"
    return f"根据第二十四条，{year}年度不在管理办法的有效期内（{periods}），不能建立该年度的工作方案。"
