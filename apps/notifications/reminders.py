"""Reminders sent by Celery beat (settings.CELERY_BEAT_SCHEDULE). Each is idempotent per day:
a reminder's natural key is (kind, subject, day, user), so a re-run stores nothing twice."""

import datetime

from django.utils import timezone

from apps.accounts.roles import Role
from apps.campaigns.models import Campaign
from apps.projects.models import Project
from apps.projects.states import State

from . import recipients
from .models import Category
from .services import notify

REMIND_DAYS_BEFORE = (7, 3, 1)

# (campaign date field, who acts before it, the states that still wait for them, article)
DEADLINES = [
    ("application_closes", "applicant", (State.DRAFT, State.RETURNED), "第九条"),
    ("recommendation_closes", "recommender", (State.SUBMITTED,), "第十条"),
    ("results_closes", "applicant", (State.IN_PROGRESS,), "第十四条"),
    ("results_recommendation_closes", "recommender", (State.RESULTS_SUBMITTED,), "第十五条"),
]


def deadline_reminders(today=None) -> int:
    """Applicants and recommenders with projects still waiting on them, 7/3/1 days before the
    campaign's deadline."""
    today = today or timezone.localdate()
    sent = 0
    for campaign in Campaign.objects.published():
        for field, who, states, article in DEADLINES:
            deadline = getattr(campaign, field)
            days = (deadline - today).days
            if days not in REMIND_DAYS_BEFORE:
                continue
            label = campaign._meta.get_field(field).verbose_name
            projects = Project.objects.filter(campaign=campaign, state__in=states).select_related("organization")
            by_key = {}
            for p in projects:
                key = p.organization_id if who == "applicant" else p.recommender_id
                if key:
                    by_key.setdefault(key, []).append(p)
            for key, items in by_key.items():
                people = recipients.applicant_users(items[0]) if who == "applicant" else recipients.recommender_users(key)
                titles = "、".join(f"“{p.title}”" for p in items[:5]) + ("等" if len(items) > 5 else "")
                sent += len(
                    notify(
                        recipients=list(people),
                        category=Category.DEADLINE,
                        title=f"{campaign.year}年度{label}为{deadline:%Y-%m-%d}，还有{days}天",
                        body=f"以下{len(items)}个项目尚待办理：{titles}。逾期将不能办理（{article}）。",
                        dedupe_key=f"deadline:{campaign.pk}:{field}:{today:%Y%m%d}",
                    )
                )
    return sent


def review_reminders(today=None) -> int:
    """Experts with unfinished scores on projects still under review (第十六条): an active
    assignment whose score sheet is missing or not yet submitted."""
    from django.db.models import Count, Min

    from apps.accounts.models import User
    from apps.review.models import ReviewAssignment

    today = today or timezone.localdate()
    open_work = {
        row["expert__user"]: row
        for row in ReviewAssignment.objects.filter(status="active", project__state=State.UNDER_REVIEW)
        .exclude(score__status="submitted")
        .values("expert__user")
        .annotate(open_count=Count("pk"), deadline=Min("project__campaign__review_closes"))
    }
    rows = []
    for expert_user in User.objects.filter(pk__in=open_work, is_active=True):
        expert_user.open_count = open_work[expert_user.pk]["open_count"]
        expert_user.deadline = open_work[expert_user.pk]["deadline"]
        rows.append(expert_user)
    sent = 0
    for expert_user in rows:
        when = f"，评审截止日期为{expert_user.deadline:%Y-%m-%d}" if isinstance(expert_user.deadline, datetime.date) else ""
        sent += len(
            notify(
                recipients=[expert_user],
                category=Category.REVIEW,
                title=f"您有{expert_user.open_count}个评审任务尚未完成评分",
                body=f"请登录平台完成评分{when}（第十六条）。",
                dedupe_key=f"review:{today:%Y%m%d}",
            )
        )
    return sent


def objection_reminders(today=None) -> int:
    """Commission and agency staff while objections wait for investigation or a decision."""
    today = today or timezone.localdate()
    from apps.awards.selectors import waiting_objection_counts

    received, investigated = waiting_objection_counts()
    if not received and not investigated:
        return 0
    body = f"待调查核实的异议{received}件，已核实待市市场监管委作出结论的异议{investigated}件（第十七条）。"
    staff = recipients.staff_users(Role.COMMISSION, Role.AGENCY)
    return len(
        notify(
            recipients=list(staff),
            category=Category.OBJECTION,
            title=f"有{received + investigated}件公示异议待处理",
            body=body,
            link="/awards/manage/objections/",
            dedupe_key=f"objection:{today:%Y%m%d}",
        )
    )
