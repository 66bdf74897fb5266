"""Demo history: last year's campaign, already decided, publicized, announced and with its
certificates, so /awards/<last year>/, /notice/ and /verify/ work in `make run`. Every project
goes through the real transitions; the panel's proposal is written as the review would leave it.
One award was later revoked (第二十一条), so verification shows a revoked certificate too."""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db.models import F
from django.utils import timezone

from apps.campaigns.demo import campaign_dates
from apps.campaigns.models import Campaign
from apps.campaigns.services import create_campaign, publish_campaign
from apps.review.models import BestOrganizationEntry, Panel, ProposalEntry, ReviewAssignment, Score
from apps.projects.demo import COMMENTS, LAST_YEAR_TOPICS, advance, fill_results, make_application
from apps.projects.models import Project
from apps.projects.services import transition
from apps.recommenders.models import RecommenderKind
from apps.recommenders.scope import MEMBER_KINDS

from .models import AwardList, Certificate, Objection
from .services import decisions
from .services.certificates import start_run
from .services.objections import decide_objection, lodge_objection, record_investigation
from .services.revocation import revoke_award

# (organisation index, recommender kind, topic index, proposed level)
LAST_YEAR = [
    (2, RecommenderKind.INDUSTRY_DEPARTMENT, 1, "first"),
    (6, RecommenderKind.INDUSTRY_DEPARTMENT, 3, "first"),
    (0, RecommenderKind.DISTRICT_AMR, 2, "second"),
    (4, RecommenderKind.ASSOCIATION, 4, "second"),
    (8, RecommenderKind.INDUSTRIAL_GROUP, 8, "second"),
    (3, RecommenderKind.ASSOCIATION, 5, "third"),
    (9, RecommenderKind.INDUSTRIAL_GROUP, 7, "third"),
    (5, RecommenderKind.INDUSTRY_DEPARTMENT, 6, "third"),
    (1, RecommenderKind.INDUSTRY_DEPARTMENT, 9, ""),
]
REVOKED_INDEX = 6  # organisation 9: its award is revoked and it is barred for 5 years


def _objections(projects, commission, agency):
    """Two objections during the notice: one dismissed, one upheld (the project leaves the list)."""
    dismissed = lodge_objection(
        project=projects[0],
        kind="unit",
        name="赵立新",
        unit_name="天津华信铸造有限公司",
        responsible_person="赵立新",
        phone="022-58881234",
        content="该成果所称缸体气孔缺陷率下降的数据缺少第三方检测报告，请核实其真实性。",
        ip="10.0.0.8",
    )
    record_investigation(objection=dismissed, actor=agency, investigation="调阅企业质量记录及天津市产品质量监督检测技术研究院出具的检测报告，数据一致。")
    decide_objection(objection=dismissed, actor=commission, upheld=False, reason="经核实，成果数据有检测报告支撑，异议不成立。")
    upheld = lodge_objection(
        project=projects[7],
        kind="person",
        name="孙建平",
        phone="13920001234",
        email="sunjp@example.com",
        content="该项目的烘烤色差不良率只统计了白班产量，未计入夜班，成果效果存在夸大。",
        ip="10.0.0.9",
    )
    record_investigation(objection=upheld, actor=agency, investigation="现场核查生产线质量记录，计入夜班后攻关期烘烤色差不良率为2.9%，未达到申报的1.2%。")
    decide_objection(objection=upheld, actor=commission, upheld=True, reason="成果效果数据与核查结果不符，不予授奖。")


# Last year's scorers: none of them works for, or in the group of, a demo organisation (第二十二条).
LAST_YEAR_SCORERS = (0, 5, 6, 7, 8)


def _review(campaign, projects, experts, agency):
    """第十六条, as history: a panel whose experts each submitted a score for every project;
    the projects go to the panel, the panel closes, their review closes (through the door,
    which requires exactly this)."""
    panel = Panel.objects.create(campaign=campaign, name="综合评审组", created_by=agency)
    scorers = [experts[i] for i in LAST_YEAR_SCORERS]
    now = timezone.now()
    for project in projects:
        for n, expert in enumerate(scorers):
            assignment = ReviewAssignment.objects.create(panel=panel, project=project, expert=expert)
            Score.objects.create(assignment=assignment, status=Score.Status.SUBMITTED, total=Decimal("85") - n, submitted_at=now)
        transition(project=project, name="assign_to_panel", actor=agency, comment=f"分配至{panel.name}")
    Panel.objects.filter(pk=panel.pk).update(status=Panel.Status.CLOSED, closed_at=now)
    for project in projects:
        transition(project=project, name="close_review", actor=agency, comment="评审组评审结束，形成建议名单（第十六条）")


def _history_in_last_years_calendar(campaign, dates):
    """Last year's projects were worked through today; date them in last year's calendar
    (created, submitted, results submitted, their material). The transition log is append-only
    and keeps the day the demo was loaded."""
    from apps.projects.models import Attachment

    tz = timezone.get_current_timezone()
    d = datetime.timedelta

    def at(day, hour):
        return datetime.datetime.combine(day, datetime.time(hour), tzinfo=tz)

    for i, project in enumerate(Project.objects.filter(campaign=campaign, submitted_at__isnull=False).order_by("pk")):
        submitted = at(dates["application_opens"] + d(days=5 + i), 9 + i % 8)
        results = at(dates["results_closes"] - d(days=12 - i % 7), 9 + i % 8) if project.results_submitted_at else None
        Project.objects.filter(pk=project.pk).update(created_at=submitted - d(days=6), submitted_at=submitted, results_submitted_at=results)
        Attachment.objects.filter(project=project, kind="application").update(uploaded_at=submitted - d(days=1))
        if results is not None:
            Attachment.objects.filter(project=project, kind="results").update(uploaded_at=results - d(hours=2))


def seed(ctx):
    today = timezone.localdate()
    year = ctx["campaign"].year - 1
    # The campaign's dates are set relative to today while it is worked through (the state
    # machine checks them), then moved back to last year's calendar.
    open_dates = campaign_dates(today)
    last = Campaign.objects.filter(year=year).first()  # the projects demo may have made it
    if last is None:
        last = create_campaign(year=year, title=f"{year}年天津市质量攻关工作方案", **open_dates)
        publish_campaign(campaign=last)
        past = {k: v + (datetime.date(year, 12, 20) - today) for k, v in open_dates.items()}
    else:
        past = {name: getattr(last, name) for name in open_dates}
        Campaign.objects.filter(pk=last.pk).update(**open_dates, published=True)
        last.refresh_from_db()
    orgs, units, rec_users = ctx["organizations"], ctx["recommenders"], ctx["recommender_users"]
    applicant_by_org = {u.organization_id: u for u in ctx["applicants"]}
    commission, agency = ctx["commission"], ctx["agency"]
    projects = []
    for rank, (org_idx, kind, topic, level) in enumerate(LAST_YEAR, start=1):
        org, unit, applicant = orgs[org_idx], units[kind], applicant_by_org[orgs[org_idx].pk]
        if kind in MEMBER_KINDS:  # 第六条: a group or association recommends its members
            unit.member_organizations.add(org)
        p = make_application(ctx, org, applicant, unit, LAST_YEAR_TOPICS + topic, campaign=last)
        for name, actor in [
            ("submit", applicant),
            ("recommend", rec_users[kind]),
            ("approve", commission),
            ("publish_plan", commission),
            ("submit_results", applicant),
            ("recommend_results", rec_users[kind]),
        ]:
            if name == "submit_results":
                fill_results(p, applicant)
            advance(p, name, actor, COMMENTS.get(name, ""))
        ProposalEntry.objects.create(
            campaign=last, project=p, rank=rank, score=Decimal("93.5") - rank * Decimal("2.7"), score_count=5, proposed_level=level, finalised=True
        )
        projects.append(p)
    # Last year's other finished projects (from the projects demo) were reviewed too; they
    # rank below and are left off the list (第十七条: not awarded when it is announced).
    others = list(Project.objects.filter(campaign=last, state="results_recommended").exclude(pk__in=[p.pk for p in projects]).order_by("pk"))
    _review(last, projects + others, ctx["experts"], agency)
    for rank, p in enumerate(others, start=len(projects) + 1):
        ProposalEntry.objects.create(campaign=last, project=p, rank=rank, score=Decimal("70") - rank, score_count=5, proposed_level="", finalised=True)
    for rank, kind in enumerate([RecommenderKind.INDUSTRY_DEPARTMENT, RecommenderKind.INDUSTRIAL_GROUP, RecommenderKind.ASSOCIATION], start=1):
        BestOrganizationEntry.objects.create(
            campaign=last, recommender=units[kind], rank=rank, applications=4 - rank, proposed_awards=3 - rank // 2, score=Decimal(10 - rank), proposed=rank <= 2, finalised=True
        )

    # 第十七条: the commission decides, publishes the notice, announces after it.
    decisions.open_list(campaign=last, actor=commission)
    notice_start = today - datetime.timedelta(days=last.notice_days - 1)  # today is its last day
    decisions.publish_list(campaign=last, actor=commission, starts_on=notice_start)
    _objections(projects, commission, agency)
    # The notice is over (history: its last day was yesterday), then the list is announced.
    yesterday = today - datetime.timedelta(days=1)
    AwardList.objects.filter(campaign=last).update(notice_starts_on=notice_start - datetime.timedelta(days=1), notice_ends_on=yesterday)
    Project.objects.filter(campaign=last, state="publicized").update(notice_ends_on=yesterday)
    notice_start -= datetime.timedelta(days=1)
    decisions.announce(campaign=last, actor=commission)
    start_run(campaign=last, actor=agency)  # certificates rendered after commit (eager Celery)

    # 第二十一条: one award found to be obtained by fraud.
    revoked = Project.objects.get(pk=projects[REVOKED_INDEX].pk)
    revoke_award(
        project=revoked,
        actor=commission,
        reason="经核查，成果材料中的检测数据系伪造，以弄虚作假方式取得奖项。",
        evidence=ContentFile(b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n", name="核查报告.pdf"),
    )

    # Back to last year's calendar (configuration and history dates, not state).
    # …and last year's organisations may read their review feedback (第二十三条).
    Campaign.objects.filter(pk=last.pk).update(**past, feedback_to_applicants=True)
    shift = (past["review_closes"] + datetime.timedelta(days=5)) - notice_start
    al = AwardList.objects.get(campaign=last)
    AwardList.objects.filter(pk=al.pk).update(
        notice_starts_on=al.notice_starts_on + shift,
        notice_ends_on=al.notice_ends_on + shift,
        published_at=al.published_at + shift,
        announced_at=al.announced_at + shift,
    )
    Project.objects.filter(campaign=last, notice_ends_on__isnull=False).update(notice_ends_on=al.notice_ends_on + shift)
    lodged = shift - datetime.timedelta(days=1)  # lodged on the notice's last day
    Objection.objects.filter(project__campaign=last).update(
        created_at=F("created_at") + lodged, investigated_at=F("investigated_at") + shift, decided_at=F("decided_at") + shift
    )
    _history_in_last_years_calendar(last, past)
    ctx["last_campaign"] = last
    ctx["certificates"] = Certificate.objects.filter(campaign=last)
