"""List pages cost a constant number of queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.accounts.models import User
from tests.factories import OrganizationFactory, RecommenderFactory, ready_application


def make_projects(campaign, n):
    from apps.accounts.roles import Role
    from tests.factories import make_user

    recommender = RecommenderFactory()
    for i in range(n):
        org = OrganizationFactory()
        user = make_user(Role.APPLICANT, organization=org)
        ready_application(campaign=campaign, organization=org, recommender=recommender, title=f"项目{i}", created_by=user)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


@pytest.mark.parametrize(
    "url", [reverse("admin:projects_project_changelist"), reverse("admin:projects_projecttransition_changelist"), reverse("portal:workbench")]
)
def test_list_costs_the_same_for_10_and_200_projects(client, campaign, url):
    admin = User.objects.create_superuser("root", "root@example.com", "pass-1234")
    from apps.accounts.roles import Role, ensure_role_groups

    admin.groups.add(ensure_role_groups()[Role.COMMISSION])  # the workbench lists all for staff
    client.force_login(admin)
    make_projects(campaign, 10)
    small = count_queries(client, url)
    make_projects(campaign, 190)
    large = count_queries(client, url)
    assert small == large, f"{url}: {small} queries for 10 projects, {large} for 200"


def test_workbench_for_applicant_is_constant(client, campaign, applicant, organization, django_assert_max_num_queries):
    rec = RecommenderFactory()
    ready_application(campaign=campaign, organization=organization, recommender=rec, created_by=applicant)
    client.force_login(applicant)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("portal:workbench"))
    for i in range(15):
        ready_application(campaign=campaign, organization=organization, recommender=rec, created_by=applicant, title=f"p{i}")
    with django_assert_max_num_queries(len(one)):
        response = client.get(reverse("portal:workbench"))
    assert response.content.decode().count("<tr>") >= 16


def test_project_pages_read_the_duplicate_check_and_the_log_once(client, make_project, applicant, recommender, commission):
    """The project page and the unit's review screen join the duplicate check (第七条(四)) to
    the project's row and read its log once, for the timeline, the return reason and the
    resubmission comparison alike; the page still shows the unit's acknowledgement."""
    from django.utils import timezone

    from apps.projects.models import ProjectFingerprint

    project = make_project("submitted")
    earlier = make_project("draft", title="往年的项目")
    now = timezone.now()
    ProjectFingerprint.objects.update_or_create(
        project=project,
        defaults={
            "year": project.campaign.year,
            "text_hash": "x",
            "status": "done",
            "matches": [{"project": earlier.pk, "number": "2025-0001", "title": "往年的项目", "year": 2025, "score": 0.95}],
            "max_score": 0.95,
            "checked_at": now,
            "acknowledged_by": recommender,
            "acknowledged_at": now,
        },
    )
    pages = [
        (applicant, reverse("projects:detail", args=[project.pk])),
        (commission, reverse("projects:detail", args=[project.pk])),
        (recommender, reverse("projects:detail", args=[project.pk])),
        (recommender, reverse("recommenders:review", args=[project.pk])),
    ]
    for user, url in pages:
        client.force_login(user)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        statements = [query["sql"] for query in ctx.captured_queries]
        assert [s for s in statements if 'FROM "projects_projectfingerprint"' in s] == [], url
        assert len([s for s in statements if 'FROM "projects_projecttransition"' in s]) == 1, url
        page = response.content.decode()
        assert "推荐单位确认已知悉查重结果（第七条(四)）" in page and 'id="similarity-warning"' in page


def test_project_page_reads_training_and_tracking_only_when_opened(client, make_project, applicant, commission):
    """The project page of a project in the plan shows the headings of its training (第十二条)
    and tracking (第十三条) panels and reads their rows only when one is opened."""
    project = make_project("in_progress")
    for user in (applicant, commission):
        client.force_login(user)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("projects:detail", args=[project.pk]))
        assert response.status_code == 200
        read = " ".join(query["sql"] for query in ctx.captured_queries)
        assert '"training_attendance"' not in read and '"training_trackingvisit"' not in read
        page = response.content.decode()
        assert "质量攻关培训（第十二条）" in page and "跟踪服务（第十三条）" in page
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/projects/{project.pk}/panels/training/", headers={"HX-Request": "true"})
        assert response.status_code == 200 and "尚无参训记录。" in response.content.decode()
        assert '"training_attendance"' in " ".join(query["sql"] for query in ctx.captured_queries)


def test_review_screen_reads_the_unit_with_the_project_and_keeps_the_scope(client, make_project, recommender, recommender_unit):
    """第六条、第九条: the verification screen reads the unit as the project's recommender (no
    second read of it for the scope check), and an organisation outside the unit's district
    now is a 404, as on the unit's lists."""
    from apps.recommenders.models import RecommenderUnit

    project = make_project("submitted")
    client.force_login(recommender)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("recommenders:review", args=[project.pk]))
    assert response.status_code == 200 and 'id="verification-form"' in response.content.decode()
    unit_reads = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith('SELECT "recommenders_recommenderunit"')]
    assert unit_reads == []
    # The bureau's district changes: the organisation (滨海新区) is no longer within its scope.
    RecommenderUnit.objects.filter(pk=recommender_unit.pk).update(district="heping")
    assert client.get(reverse("recommenders:review", args=[project.pk])).status_code == 404
    assert project.title not in client.get(reverse("recommenders:inbox")).content.decode()


def _add_rows(project, n, actor, *, findings):
    """``n`` more metrics, team members, attachments, log rows and commitments (and the
    commission's duplicate findings, with ``findings``) for ``project``."""
    from decimal import Decimal

    from apps.projects.models import Attachment, AuthenticityCommitment, Metric, ProjectTransition, SimilarityFinding, TeamMember

    for i in range(n):
        Metric.objects.create(project=project, name=f"指标{i}", unit="%", direction="lower", baseline=Decimal("4"), target=Decimal("2"))
        TeamMember.objects.create(project=project, name=f"成员{i}", role="member")
        Attachment.objects.create(project=project, kind="application", file="x.pdf", original_name=f"附件{i}.pdf", content_type="application/pdf", size=10)
        ProjectTransition.objects.create(project=project, transition="note", from_state=project.state, to_state=project.state, actor=actor, comment=f"记录{i}")
        AuthenticityCommitment.objects.create(project=project, phase="application", transition="submit", text="承诺", confirmed_by=actor)
        if findings:
            SimilarityFinding.objects.create(project=project, finding="distinct", reason=f"理由{i}", recorded_by=actor)


@pytest.mark.parametrize(
    "state, checked, budget",
    [
        # A draft: no commitment (第二十一条) and no duplicate check (第七条(四)) to read.
        ("draft", False, {"applicant": 9}),
        ("submitted", False, {"applicant": 10, "commission": 11}),
        # Checked, but never awaiting approval (立项审核): no finding can have been recorded.
        ("submitted", True, {"applicant": 10, "commission": 11}),
        ("in_progress", False, {"applicant": 10, "commission": 11}),
        ("in_progress", True, {"applicant": 11, "commission": 12}),
    ],
)
def test_project_page_costs_a_few_queries_whatever_its_rows(client, make_project, applicant, commission, state, checked, budget):
    """The project page reads the project with its year, organisation, units and duplicate
    check in one query; its metrics, team, attachments and log one query each (on PostgreSQL
    all five in one, with the commitments: apps.core.statements.Together); its
    commitments once it has been submitted, and the commission's findings once it has a
    check and has awaited approval. Besides: the session, the user, the user's roles and the unread count (and the
    commission's second factor). As many queries for 31 rows of each as for one."""
    from django.utils import timezone

    from apps.projects.models import ProjectFingerprint

    project = make_project(state)
    if checked:
        ProjectFingerprint.objects.update_or_create(
            project=project, defaults={"year": project.campaign.year, "text_hash": "x", "status": "done", "matches": [], "checked_at": timezone.now()}
        )
        project = type(project).objects.select_related("fingerprint").get(pk=project.pk)
    users = {"applicant": applicant, "commission": commission}
    url = reverse("projects:detail", args=[project.pk])
    if connection.vendor == "postgresql":
        budget = {role: expected - 4 - (state != "draft") for role, expected in budget.items()}
    for role, expected in budget.items():
        client.force_login(users[role])
        assert count_queries(client, url) == expected, role
    found = checked and state == "in_progress"
    _add_rows(project, 30, commission, findings=found)
    for role, expected in budget.items():
        client.force_login(users[role])
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200 and len(ctx) == expected, role
        page = response.content.decode()
        assert "指标29" in page and "成员29" in page and "附件29.pdf" in page and "记录29" in page
        if state != "draft":
            assert page.count("确认</li>") == 31
        assert ("理由29" in page) == found
