"""The 专家库 as Excel: the same columns for export and import (第五条(三))."""

import datetime

from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from apps.organizations.choices import Industry
from apps.core.excel import cell_text
from apps.organizations.credit_code import normalise, validate_credit_code_format

from .models import ExpertStatus

HEADERS = ["登录用户名", "姓名", "工作单位", "工作单位统一社会信用代码", "职称/职务", "专业领域", "联系电话", "电子邮箱", "聘期开始", "聘期结束", "状态"]
_INDUSTRY = {label: value for value, label in Industry.choices}
_STATUS = {label: value for value, label in ExpertStatus.choices}


def export_rows(experts):
    for e in experts:
        yield [
            e.username,
            e.name,
            e.employer_name,
            e.employer_credit_code,
            e.title,
            e.get_specialties_display(),
            e.phone,
            e.email,
            e.term_start.isoformat() if e.term_start else "",
            e.term_end.isoformat() if e.term_end else "",
            e.get_status_display(),
        ]


def _date(value, label, errors):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        errors.append(f"{label}“{value}”不是日期（格式如2026-01-01）")
        return None


def parse(file):
    """Yield (row number, data dict, errors list) for every non-empty row of the sheet."""
    wb = load_workbook(file, read_only=True, data_only=True)
    ws = wb.active
    rows = ws.iter_rows(values_only=True)
    header = [str(h or "").strip() for h in next(rows, [])]
    missing = [h for h in HEADERS[:3] if h not in header]
    if missing:
        raise ValidationError(f"表头缺少：{'、'.join(missing)}。请先导出专家库作为模板。")
    col = {h: header.index(h) for h in HEADERS if h in header}
    for number, row in enumerate(rows, start=2):
        if not row or all(v in (None, "") for v in row):
            continue

        def get(h):
            i = col.get(h)
            v = row[i] if i is not None and i < len(row) else None
            return "" if v is None else (v if isinstance(v, (datetime.date, datetime.datetime)) else str(cell_text(v)).strip())

        errors = []
        specialties = []
        for part in str(get("专业领域")).replace(",", "、").replace("，", "、").split("、"):
            part = part.strip()
            if not part:
                continue
            if part in _INDUSTRY:
                specialties.append(_INDUSTRY[part])
            else:
                errors.append(f"专业领域“{part}”不在可选范围内")
        code = normalise(get("工作单位统一社会信用代码"))
        if code:
            try:
                validate_credit_code_format(code)
            except ValidationError as exc:
                errors.append(exc.messages[0].rstrip("。"))  # joined with "；" below
        status = get("状态") or "在库"
        if status not in _STATUS:
            errors.append(f"状态“{status}”应为在库、暂停或退出")
        data = {
            "username": get("登录用户名"),
            "name": get("姓名"),
            "employer_name": get("工作单位"),
            "employer_credit_code": code,
            "title": get("职称/职务"),
            "specialties": specialties,
            "phone": get("联系电话"),
            "email": get("电子邮箱"),
            "term_start": _date(get("聘期开始"), "聘期开始", errors),
            "term_end": _date(get("聘期结束"), "聘期结束", errors),
            "status": _STATUS.get(status, ExpertStatus.ACTIVE),
        }
        for key, label in (("username", "登录用户名"), ("name", "姓名"), ("employer_name", "工作单位")):
            if not data[key]:
                errors.append(f"{label}不能为空")
        yield number, data, errors
