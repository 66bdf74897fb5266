"""Demo history: last year's campaign, already decided, publicized, announced and with its
certificates, so /awards/<last year>/, /notice/ and /verify/ work in `make run`. Every project
goes through the real transitions; the panel's proposal is written as the review would leave it.
One award was later revoked (第二十一条), so verification shows a revoked certificate too."""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from apps.campaigns.demo import campaign_dates
from apps.campaigns.models import Campaign
from apps.campaigns.services import create_campaign, publish_campaign
from apps.experts.models import BestOrganizationEntry, ProposalEntry
from apps.projects.demo import COMMENTS, fill_results, make_application
from apps.projects.models import Project
from apps.projects.services import transition
from apps.recommenders.models import RecommenderKind

from .models import AwardList, Certificate
from .services import decisions
from .services.certificates import start_run
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
    (5, RecommenderKind.DISTRICT_AMR, 6, "third"),
    (1, RecommenderKind.INDUSTRY_DEPARTMENT, 9, ""),
]
REVOKED_INDEX = 6  # organisation 9: its award is revoked and it is barred for 5 years


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
        if kind == RecommenderKind.INDUSTRIAL_GROUP:
            unit.member_organizations.add(org)
        p = make_application(ctx, org, applicant, unit, topic, campaign=last)
        for name, actor in [
            ("submit", applicant),
            ("recommend", rec_users[kind]),
            ("approve", commission),
            ("publish_plan", commission),
            ("submit_results", applicant),
            ("recommend_results", rec_users[kind]),
            ("assign_to_panel", agency),
            ("close_review", agency),
        ]:
            if name == "submit_results":
                fill_results(p, applicant)
            transition(project=p, name=name, actor=actor, comment=COMMENTS.get(name, ""))
        ProposalEntry.objects.create(
            campaign=last, project=p, rank=rank, score=Decimal("93.5") - rank * Decimal("2.7"), score_count=5, proposed_level=level, finalised=True
        )
        projects.append(p)
    # Last year's other finished projects (from the projects demo) were reviewed too; they
    # rank below and are left off the list (第十七条: not awarded when it is announced).
    for rank, p in enumerate(Project.objects.filter(campaign=last, state="results_recommended").order_by("pk"), start=len(projects) + 1):
        transition(project=p, name="assign_to_panel", actor=agency)
        transition(project=p, name="close_review", actor=agency)
        ProposalEntry.objects.create(campaign=last, project=p, rank=rank, score=Decimal("70") - rank, score_count=5, proposed_level="", finalised=True)
    for rank, kind in enumerate([RecommenderKind.INDUSTRY_DEPARTMENT, RecommenderKind.INDUSTRIAL_GROUP, RecommenderKind.ASSOCIATION], start=1):
        BestOrganizationEntry.objects.create(
            campaign=last, recommender=units[kind], rank=rank, applications=4 - rank, proposed_awards=3 - rank // 2, score=Decimal(10 - rank), proposed=rank <= 2, finalised=True
        )

    # 第十七条: the commission decides, publishes the notice, announces after it.
    decisions.open_list(campaign=last, actor=commission)
    notice_start = today - datetime.timedelta(days=last.notice_days + 1)
    decisions.publish_list(campaign=last, actor=commission, starts_on=notice_start)
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
    Campaign.objects.filter(pk=last.pk).update(**past)
    shift = (past["review_closes"] + datetime.timedelta(days=5)) - notice_start
    al = AwardList.objects.get(campaign=last)
    AwardList.objects.filter(pk=al.pk).update(
        notice_starts_on=al.notice_starts_on + shift,
        notice_ends_on=al.notice_ends_on + shift,
        published_at=al.published_at + shift,
        announced_at=al.announced_at + shift,
    )
    Project.objects.filter(campaign=last, notice_ends_on__isnull=False).update(notice_ends_on=al.notice_ends_on + shift)
    ctx["last_campaign"] = last
    ctx["certificates"] = Certificate.objects.filter(campaign=last)
