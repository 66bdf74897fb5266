"""Writes of training (第十二条) and the tracking service (第十三条)."""

import rules
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.core.exceptions import Refusal
from apps.projects.models import TeamMember

from .models import Attendance, TrackingVisit, TrainingSession
from .selectors import TRAINABLE_STATES


def _staff(actor):
    # 第十二条: the commission trains; the agency registers on its behalf (第五条(二)).
    if not rules.has_perm("training.register", actor):
        raise Refusal("培训由市市场监管委组织，第三方机构可代为登记（第十二条）。", code="permission")


@transaction.atomic
def create_session(*, campaign, topic, held_on, place, notes="", actor) -> TrainingSession:
    """第十二条: record a training session of the campaign."""
    _staff(actor)
    session = TrainingSession(campaign=campaign, topic=topic, held_on=held_on, place=place, notes=notes, created_by=actor)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def update_session(*, session, actor, **fields) -> TrainingSession:
    _staff(actor)
    for name, value in fields.items():
        setattr(session, name, value)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def register_attendance(*, session, shown_member_ids, present_member_ids, actor) -> tuple[int, int]:
    """第十二条: set who attended ``session`` among the team members shown on the screen.

    Members shown and ticked are registered, shown and unticked are removed; members not
    shown are left as they are (the screen pages through the projects). Only the teams of
    projects of the session's campaign in the published plan (in_progress and later) may be
    registered. Returns (added, removed)."""
    _staff(actor)
    shown = set(shown_member_ids)
    present = set(present_member_ids) & shown if shown else set(present_member_ids)
    members = {
        m.pk: m
        for m in TeamMember.objects.select_related("project").filter(pk__in=shown | present)
    }
    wrong = [
        m
        for pk, m in members.items()
        if pk in present
        and (m.project.campaign_id != session.campaign_id or m.project.state not in TRAINABLE_STATES)
    ]
    if wrong or len(members) != len(shown | present):
        names = "、".join(f"{m.name}（{m.project.title}）" for m in wrong) or "所选人员"
        raise ValidationError(
            f"根据第十二条，培训登记的是{session.campaign.year}年度列入项目计划的项目团队成员；{names}不符合条件。"
        )
    already = set(
        Attendance.objects.filter(session=session, team_member_id__in=shown | present).values_list(
            "team_member_id", flat=True
        )
    )
    to_add = present - already
    to_remove = (already & shown) - present
    Attendance.objects.bulk_create(
        [Attendance(session=session, team_member=members[pk], project_id=members[pk].project_id, registered_by=actor) for pk in sorted(to_add)]
    )
    if to_remove:
        Attendance.objects.filter(session=session, team_member_id__in=to_remove).delete()
    return len(to_add), len(to_remove)


def may_record_visit(project, user) -> bool:
    """第十三条: the recommender unit the project is routed to follows it once it is in the plan."""
    return rules.has_perm("training.record_visit", user, project)


def _check_visit(visited_on, project):
    if visited_on and visited_on > timezone.localdate():
        raise ValidationError({"visited_on": "服务日期不能晚于今天。"})


@transaction.atomic
def record_visit(*, project, actor, visited_on, form, findings, guidance, participants="") -> TrackingVisit:
    """第十三条: a tracking visit (on site or remote) with the findings and guidance opinions."""
    if not may_record_visit(project, actor):
        raise Refusal("根据第十三条，跟踪服务由项目所属推荐单位在项目列入计划后开展。", code="permission")
    _check_visit(visited_on, project)
    visit = TrackingVisit(
        project=project,
        recommender_id=project.recommender_id,
        visited_on=visited_on,
        form=form,
        participants=participants,
        findings=findings,
        guidance=guidance,
        recorded_by=actor,
    )
    visit.full_clean()
    visit.save()
    return visit


@transaction.atomic
def update_visit(*, visit, actor, **fields) -> TrackingVisit:
    if not may_record_visit(visit.project, actor) or visit.recommender_id != actor.recommender_id:
        raise Refusal("根据第十三条，跟踪服务记录由项目所属推荐单位维护。", code="permission")
    _check_visit(fields.get("visited_on"), visit.project)
    for name, value in fields.items():
        setattr(visit, name, value)
    visit.full_clean()
    visit.save()
    return visit
