"""Factories for tests (factory-boy). ``ready_application`` builds a complete application."""

import datetime
import itertools
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.roles import Role, ensure_role_groups
from apps.campaigns.models import Campaign
from apps.campaigns.services import create_default_rubric
from apps.organizations.choices import District, Industry
from apps.organizations.credit_code import make_credit_code
from apps.organizations.districts import DIVISION_DISTRICTS
from apps.organizations.models import Organization
from apps.projects.choices import AttachmentKind, BenefitArea, MetricDirection, TeamRole
from apps.projects.demo import MINIMAL_PDF, application_text
from apps.projects.models import Attachment, Metric, TeamMember
from apps.projects.services import create_project
from apps.recommenders.models import RecommenderKind, RecommenderUnit

_org_numbers = itertools.count(10000001)
# 第六条: a factory organisation's credit code names its district, so the district bureau of
# that district covers it (apps/recommenders/scope.py).
# Today's codes only (not the former 塘沽、汉沽、大港 or the former counties).
DIVISION_OF = {
    district: division for division, district in DIVISION_DISTRICTS.items() if division not in {"120107", "120108", "120109"} and division < "120200"
}


def tianjin_code(district=District.BINHAI):
    return make_credit_code("91", DIVISION_OF[district], str(next(_org_numbers)))


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"天津测试企业{n}有限公司")
    district = District.BINHAI
    credit_code = factory.LazyAttribute(lambda o: tianjin_code(o.district))
    industry = Industry.EQUIPMENT
    contact_name = "联系人"
    contact_phone = "022-12345678"


class RecommenderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecommenderUnit

    name = factory.Sequence(lambda n: f"测试推荐单位{n}")
    # The bureau of the factory organisation's district: it covers it (第六条).
    kind = RecommenderKind.DISTRICT_AMR
    district = District.BINHAI


def open_dates(today=None):
    today = today or timezone.localdate()
    d = datetime.timedelta
    return dict(
        application_opens=today - d(days=30),
        application_closes=today + d(days=30),
        recommendation_closes=today + d(days=40),
        approval_closes=today + d(days=50),
        results_closes=today + d(days=100),
        results_recommendation_closes=today + d(days=110),
        review_closes=today + d(days=120),
    )


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign
        django_get_or_create = ("year",)
        skip_postgeneration_save = True

    year = factory.LazyFunction(lambda: timezone.localdate().year)
    title = factory.LazyAttribute(lambda o: f"{o.year}年天津市质量攻关工作方案")
    published = True
    application_opens = factory.LazyFunction(lambda: open_dates()["application_opens"])
    application_closes = factory.LazyFunction(lambda: open_dates()["application_closes"])
    recommendation_closes = factory.LazyFunction(lambda: open_dates()["recommendation_closes"])
    approval_closes = factory.LazyFunction(lambda: open_dates()["approval_closes"])
    results_closes = factory.LazyFunction(lambda: open_dates()["results_closes"])
    results_recommendation_closes = factory.LazyFunction(lambda: open_dates()["results_recommendation_closes"])
    review_closes = factory.LazyFunction(lambda: open_dates()["review_closes"])

    @factory.post_generation
    def rubric(obj, create, extracted, **kwargs):
        if create:
            create_default_rubric(campaign=obj)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.django.Password("pass-1234")

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if extracted:
            obj.groups.add(ensure_role_groups()[Role(extracted)])


def make_user(role, **fields):
    return UserFactory(role=role, **fields)


def add_pdf(project, kind=AttachmentKind.APPLICATION, user=None, name="材料.pdf"):
    a = Attachment(project=project, kind=kind, original_name=name, content_type="application/pdf", size=len(MINIMAL_PDF), uploaded_by=user)
    a.file.save(name, ContentFile(MINIMAL_PDF), save=False)
    a.save()
    return a


def ready_application(*, campaign=None, organization=None, recommender=None, created_by=None, title="降低焊接返修率", **fields):
    """A complete draft application that passes every submit condition."""
    campaign = campaign or CampaignFactory()
    organization = organization or OrganizationFactory()
    recommender = recommender or RecommenderFactory()
    data = application_text(title, "焊接返修")
    data.update(fields)
    project = create_project(
        campaign=campaign,
        organization=organization,
        created_by=created_by,
        recommender=recommender,
        title=title,
        benefit_areas=[BenefitArea.QUALITY_EFFICIENCY],
        **data,
    )
    Metric.objects.create(project=project, name="返修率", unit="%", direction=MetricDirection.LOWER, baseline=Decimal("4.6"), target=Decimal("1.5"))
    TeamMember.objects.create(project=project, name="张三", role=TeamRole.QUALITY_LEAD)
    TeamMember.objects.create(project=project, name="李四", role=TeamRole.PROJECT_LEAD)
    add_pdf(project)
    return project


def fill_results(project):
    project.results_summary = "指标全部达到目标。"
    project.save(update_fields=["results_summary"])
    project.metrics.update(actual=Decimal("1.2"))
    add_pdf(project, kind=AttachmentKind.RESULTS, name="成果.pdf")


# The path through the lifecycle to each state (DESIGN.md §2), as (transition, actor key).
PATH_TO = {
    "draft": [],
    "submitted": [("submit", "applicant")],
    "withdrawn": [("withdraw", "applicant")],
    "returned": [("submit", "applicant"), ("return_to_applicant", "recommender")],
    "recommended": [("submit", "applicant"), ("recommend", "recommender")],
    "not_recommended": [("submit", "applicant"), ("decline", "recommender")],
}
PATH_TO["approved"] = PATH_TO["recommended"] + [("approve", "commission")]
PATH_TO["rejected"] = PATH_TO["recommended"] + [("reject", "commission")]
PATH_TO["in_progress"] = PATH_TO["approved"] + [("publish_plan", "commission")]
PATH_TO["results_submitted"] = PATH_TO["in_progress"] + [("submit_results", "applicant")]
PATH_TO["results_recommended"] = PATH_TO["results_submitted"] + [("recommend_results", "recommender")]
PATH_TO["results_not_recommended"] = PATH_TO["results_submitted"] + [("decline_results", "recommender")]
PATH_TO["under_review"] = PATH_TO["results_recommended"] + [("assign_to_panel", "agency")]
PATH_TO["reviewed"] = PATH_TO["under_review"] + [("close_review", "agency")]
PATH_TO["publicized"] = PATH_TO["reviewed"] + [("publicize", "commission")]
PATH_TO["awarded"] = PATH_TO["publicized"] + [("award", "commission")]
PATH_TO["not_awarded"] = PATH_TO["reviewed"] + [("not_award", "commission")]
PATH_TO["revoked"] = PATH_TO["awarded"] + [("revoke", "commission")]
PATH_TO["halted"] = PATH_TO["in_progress"] + [("halt", "commission")]


def assign_experts(project, *, actor=None, experts=1):
    """第十六条: an open panel of the project's campaign with ``experts`` experts assigned to
    the project (what the panel's draw leaves behind)."""
    from apps.review.models import Expert, Panel, ReviewAssignment

    panel = Panel.objects.filter(campaign=project.campaign, status=Panel.Status.OPEN).first()
    if panel is None:
        panel = Panel.objects.create(campaign=project.campaign, name="测试评审组", created_by=actor)
    for _ in range(experts):
        user = make_user(Role.EXPERT)
        expert = Expert.objects.create(user=user, name=user.full_name, employer_name="天津某大学")
        ReviewAssignment.objects.create(panel=panel, project=project, expert=expert)
    return panel


def complete_review(project, *, total=Decimal("80")):
    """第十六条: every expert assigned to the project has submitted a score and its panel has
    closed."""
    from apps.review.models import Panel, ReviewAssignment, Score

    now = timezone.now()
    for assignment in ReviewAssignment.objects.filter(project=project, status=ReviewAssignment.Status.ACTIVE):
        Score.objects.update_or_create(
            assignment=assignment, defaults={"status": Score.Status.SUBMITTED, "total": total, "submitted_at": now}
        )
    Panel.objects.filter(assignments__project=project).update(status=Panel.Status.CLOSED, closed_at=now)


def revocation_record(actor=None, reason="成果数据弄虚作假，经核查属实"):
    """第二十一条: an unsaved revocation record with its reason and evidence."""
    from apps.awards.models import Revocation

    return Revocation(reason=reason, revoked_by=actor, evidence_name="核查报告.pdf", evidence=ContentFile(MINIMAL_PDF, name="evidence.pdf"))


def ban_organization(project, actor=None):
    """第二十一条: the project's organisation is barred (as after a revocation)."""
    from apps.organizations.models import OrganizationBan

    return OrganizationBan.objects.create(
        credit_code=project.organization.credit_code,
        organization_name=project.organization.name,
        starts_on=timezone.localdate(),
        reason="另一项目的奖项因弄虚作假被撤销",
        created_by=actor,
    )


def finish_duplicate_check(project, actor):
    """第七条(四): recommend waits for the duplicate check that submit queued. Eager Celery has
    run it already; in the real-worker tests the worker is not started yet, so the check runs
    here, as the worker would (running it twice is harmless). A flag (a demo project of an
    earlier year with the same text, in the production pass) is acknowledged by the unit."""
    from apps.projects import similarity

    check = settled_duplicate_check(project)
    if check is not None and similarity.flagged(project, check) and check.acknowledged_at is None:
        similarity.acknowledge(project=project, actor=actor)


def settled_duplicate_check(project):
    """The project's duplicate check once it has a result: a check still pending (queued, or
    running on a real worker at this moment) is run here; run_check locks the project's row
    first, so it waits for a run in flight and gives the same result."""
    from apps.projects import similarity

    check = similarity.fingerprint_of(project)
    if check is not None and check.pending:
        check = similarity.run_check(project)
    return check


def clear_duplicate_flag(project, actor):
    """第七条(四): a flagged project is approved after the commission finds it 不雷同 (asked
    of the settled check, so a check the worker finishes a moment later cannot flag it after)."""
    from apps.projects import similarity
    from apps.projects.models import Finding

    settled_duplicate_check(project)
    if similarity.flagged(project) and similarity.latest_finding(project) is None:
        similarity.record_finding(project=project, actor=actor, finding=Finding.DISTINCT, reason="测试：内容不同，非雷同")


def record_verification(project, actor=None, stage="application"):
    """第十条 / 第十五条: the unit's verification of this submission, every checklist item
    confirmed (what the unit's review screen stores before it recommends)."""
    from apps.recommenders.models import CHECKLIST, RecommenderVerification

    decision = "recommend" if stage == "application" else "recommend_results"
    return RecommenderVerification.objects.create(
        project=project,
        unit_id=project.recommender_id,
        stage=stage,
        answers={code: True for code, _ in CHECKLIST[stage]},
        opinion="经核实，材料完整、真实",
        decision=decision,
        verified_by=actor,
    )


def prepare(project, name, *, actor=None):
    """The data transition ``name`` needs beyond a comment: built, and returned as the
    arguments the transition door insists on."""
    if name == "recommend":
        finish_duplicate_check(project, actor)
        record_verification(project, actor, "application")
    elif name == "recommend_results":
        record_verification(project, actor, "results")
    elif name == "approve":
        clear_duplicate_flag(project, actor)
    elif name == "assign_to_panel":
        assign_experts(project, actor=actor)
    elif name == "close_review":
        complete_review(project)
    elif name == "halt":
        ban_organization(project, actor)
    elif name == "revoke":
        return {"revocation": revocation_record(actor)}
    elif name in ("submit", "resubmit", "submit_results"):
        # 第二十一条: the applicant confirms the authenticity commitment.
        return {"commitment": True}
    return {}


def bring_to(project, state, *, actors, level="first", notice_ends_on=None):
    """Move ``project`` to ``state`` through the real transitions.

    ``actors`` maps "applicant", "recommender", "commission", "agency" to users. Before
    ``publicize`` the project gets ``level``; the notice ends yesterday unless given."""
    from apps.projects.services import transition

    for name, who in PATH_TO[state]:
        kwargs = {}
        if name == "submit_results":
            fill_results(project)
        if name == "publicize":
            project.award_level = level
            project.save(update_fields=["award_level"])
            kwargs["notice_ends_on"] = notice_ends_on or (timezone.localdate() - datetime.timedelta(days=1))
        kwargs.update(prepare(project, name, actor=actors[who]))
        transition(project=project, name=name, actor=actors[who], comment="测试意见", **kwargs)
    assert project.state == state
    return project


def authenticator(user):
    """The user's confirmed TOTP authenticator (made on first use)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="测试验证器", confirmed=True)


def verify_second_factor(client, user):
    """Mark ``client``'s session as having passed the second factor, for a user who needs it."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from apps.accounts.roles import requires_second_factor

    if not requires_second_factor(user):
        return
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
    session.save()


def next_totp_code(device):
    """A code ``device`` accepts now: the current one, or the next step's (django-otp refuses
    a step already used and tolerates one step ahead) when a login in the same 30 s used it."""
    import time

    from apps.accounts.second_factor import current_code

    device.refresh_from_db()
    now = time.time()
    step = int((now - device.t0) // device.step)
    if device.last_t >= step:
        now += device.step * (device.last_t - step + 1)
    return current_code(device, at=now)
