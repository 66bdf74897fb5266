"""The 专家库 (第五条(三)): entry, changes, status, Excel import; conflicts (第二十二条) and the
confidentiality pledge (第二十三条)."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.accounts.models import User
from apps.accounts.roles import Role, ensure_role_groups

from ..models import ConfidentialityPledge, Conflict, Expert, ExpertStatus
from .base import A, ReviewRefused, audit
from .live import enforce_recusal


# ---- the pool (第五条(三)) -------------------------------------------------------------------

EXPERT_FIELDS = (
    "name",
    "employer_name",
    "employer_credit_code",
    "title",
    "specialties",
    "phone",
    "email",
    "term_start",
    "term_end",
)


@transaction.atomic
def add_expert(*, actor, username, password=None, **fields) -> tuple[Expert, str | None]:
    """Put a person into the 专家库. Creates the login (role 专家) when ``username`` is new and
    returns the initial password to hand over (None when the user existed)."""
    groups = ensure_role_groups()
    user = User.objects.filter(username=username).first()
    initial = None
    if user is None:
        initial = password or secrets.token_urlsafe(9)
        user = User(username=username, full_name=fields.get("name", ""), email=fields.get("email", ""))
        user.set_password(initial)
        user.save()
    elif Expert.objects.filter(user=user).exists():
        raise ReviewRefused(f"用户“{username}”已在专家库中。", code="exists")
    elif user.role_names - {Role.EXPERT}:
        raise ReviewRefused(f"用户“{username}”已有其他角色（{user.role_label}），不能作为专家入库。", code="role")
    user.groups.add(groups[Role.EXPERT])
    expert = Expert(user=user, **{k: v for k, v in fields.items() if k in EXPERT_FIELDS})
    expert.employer_credit_code = (expert.employer_credit_code or "").strip().upper()
    expert.full_clean()
    expert.save()
    audit(A.EXPERT_ADDED, actor=actor, expert=expert, message=f"{expert.name}（{expert.employer_name}）入库")
    return expert, initial


@transaction.atomic
def _changed_fields(expert, fields) -> dict:
    """The fields of ``fields`` whose value differs from the expert's ({name: new value})."""
    changed = {}
    for key, value in fields.items():
        if key == "employer_credit_code":
            value = (value or "").strip().upper()
        if key in EXPERT_FIELDS and getattr(expert, key) != value:
            changed[key] = value
    return changed


@transaction.atomic
def update_expert(*, expert, actor, **fields) -> Expert:
    changed = {}
    for key, value in _changed_fields(expert, fields).items():
        changed[key] = str(value)
        setattr(expert, key, value)
    expert.employer_credit_code = (expert.employer_credit_code or "").strip().upper()
    expert.full_clean()
    expert.save()
    if changed:
        labels = [str(Expert._meta.get_field(key).verbose_name) for key in changed]  # 职称/职务, not "title"
        audit(A.EXPERT_CHANGED, actor=actor, expert=expert, message="修改：" + "、".join(labels), changed=changed)
        if {"name", "employer_name", "employer_credit_code", "phone"} & set(changed):
            enforce_recusal(actor=actor, experts=[expert], source="专家信息变更")
    return expert


@transaction.atomic
def set_expert_status(*, expert, status, actor, reason="") -> Expert:
    """第五条(三) dynamic management: suspend, retire or reactivate an expert. Suspended and
    retired experts are never drawn, and their active assignments are withdrawn at once, with a
    replacement drawn while the review is open (第二十二条, :func:`enforce_recusal`)."""
    if status not in ExpertStatus.values:
        raise ReviewRefused("未知的专家状态。")
    if status != ExpertStatus.ACTIVE and not reason.strip():
        raise ReviewRefused("暂停或退出专家库须填写说明（第五条(三)）。", code="reason_required")
    old = expert.get_status_display()
    expert.status = status
    expert.status_reason = reason.strip()
    expert.save(update_fields=["status", "status_reason", "updated_at"])
    audit(
        A.EXPERT_STATUS,
        actor=actor,
        expert=expert,
        message=f"{old} → {expert.get_status_display()}" + (f"：{reason}" if reason else ""),
    )
    if status != ExpertStatus.ACTIVE:
        enforce_recusal(actor=actor, experts=[expert], source=f"专家{expert.get_status_display()}")
    return expert


def import_experts(*, file, actor):
    """第五条(三): add or update experts from an Excel sheet (the export's columns). Rows with
    errors are skipped and reported; the others are saved. Returns (created, updated, unchanged,
    errors, initial passwords {username: password}); a row equal to the stored expert is
    counted as unchanged, not updated."""
    from .. import excel_io

    created, updated, unchanged, errors, passwords = 0, 0, 0, [], {}
    for number, data, problems in excel_io.parse(file):
        if problems:
            errors.append(f"第{number}行：" + "；".join(problems))
            continue
        username, status = data.pop("username"), data.pop("status")
        try:
            with transaction.atomic():
                expert = Expert.objects.filter(user__username=username).first()
                if expert is None:
                    expert, initial = add_expert(actor=actor, username=username, **data)
                    created += 1
                    if initial:
                        passwords[username] = initial
                elif _changed_fields(expert, data) or expert.status != status:
                    update_expert(expert=expert, actor=actor, **data)
                    updated += 1
                else:
                    unchanged += 1
                if expert.status != status:
                    set_expert_status(expert=expert, status=status, actor=actor, reason="Excel导入")
        except ReviewRefused as exc:
            errors.append(f"第{number}行：{exc.message}")
        except ValidationError as exc:
            errors.append(f"第{number}行：" + "；".join(exc.messages))
    return created, updated, unchanged, errors, passwords


@transaction.atomic
def declare_conflict(*, expert, organization, reason, actor) -> Conflict:
    """第二十二条: the expert declares an interest in an applicant; from now on no draw gives
    the expert that applicant's projects, and an assignment to one of them already made is
    withdrawn at once (:func:`enforce_recusal`)."""
    reason = (reason or "").strip()
    if not reason:
        raise ReviewRefused("请说明利益关系（第二十二条）。", code="reason_required")
    conflict, created = Conflict.objects.get_or_create(expert=expert, organization=organization, defaults={"reason": reason})
    if not created:
        raise ReviewRefused(f"已申报过与“{organization.name}”的利益冲突。", code="exists")
    audit(A.CONFLICT_DECLARED, actor=actor, expert=expert, message=f"{organization.name}：{reason}", organization=organization.pk)
    conflict.withdrawn = enforce_recusal(actor=actor, experts=[expert], source="申报利益冲突")
    return conflict


@transaction.atomic
def sign_pledge(*, expert, campaign, actor, ip_address=None) -> ConfidentialityPledge:
    """第二十三条: signed before the expert first sees any material of the campaign."""
    pledge, created = ConfidentialityPledge.objects.get_or_create(
        expert=expert, campaign=campaign, defaults={"ip_address": ip_address}
    )
    if created:
        audit(A.PLEDGE_SIGNED, actor=actor, campaign=campaign, expert=expert, message="签署保密承诺（第二十三条）")
    return pledge
