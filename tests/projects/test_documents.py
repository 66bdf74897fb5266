"""The 申报书 and 成果材料 PDFs: the application's content with the seal box, for whoever may see
the project and for no one else, at a query cost that does not grow with its rows."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from apps.projects.choices import MetricDirection, TeamRole
from apps.projects.models import Metric, TeamMember

pytestmark = pytest.mark.django_db

GOAL = "攻关完成后焊接返修率由4.6%降至1.5%以下，并保持半年以上。"


def pdf_text(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def test_application_pdf_holds_the_application_and_the_seal_box(client, make_project, applicant, organization, recommender_unit):
    project = make_project("submitted", title="降低焊接返修率", plan_goal=GOAL)
    client.force_login(applicant)
    response = client.get(reverse("projects:application_pdf", args=[project.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    text = pdf_text(response)
    for expected in (
        "天津市质量攻关项目申报书",
        "降低焊接返修率",
        organization.name,
        organization.credit_code,
        f"{project.campaign.year}年度",
        "问题解决型",
        recommender_unit.name,
        "张三", "质量负责人", "李四", "项目负责人",
        "返修率", "越低越好", "4.6", "1.5",
        "".join(GOAL.split()),
        "申报组织（盖章）", "盖章处", "年月日",
        "申报组织负责人（签字）",
        # the commitment confirmed on submission (第二十一条), in the domain's words
        "本单位郑重承诺：所提交的质量攻关项目申报材料",
    ):
        assert expected in text, expected
    assert "实际值" not in text  # the measured values belong to the 成果材料


def test_results_pdf_has_the_measured_values_once_results_exist(client, make_project, applicant):
    project = make_project("in_progress")
    client.force_login(applicant)
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "下载申报书（PDF）" in page and "下载成果材料（PDF）" not in page
    assert client.get(reverse("projects:results_pdf", args=[project.pk])).status_code == 404

    project.results_summary = "焊接返修率降至1.2%，年节约返修工时约600小时。"
    project.save(update_fields=["results_summary"])
    project.metrics.update(actual=Decimal("1.2"))
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert reverse("projects:results_pdf", args=[project.pk]) in page and "下载成果材料（PDF）" in page
    text = pdf_text(client.get(reverse("projects:results_pdf", args=[project.pk])))
    for expected in ("天津市质量攻关成果材料", project.title, "实际值", "1.2", "达到", "焊接返修率降至1.2%，年节约返修工时约600小时。", "盖章处"):
        assert expected in text, expected


@pytest.fixture
def fast_pdf(monkeypatch):
    """The HTML instead of WeasyPrint's output: the access and query checks do not need a real PDF."""
    monkeypatch.setattr("apps.projects.documents.html_to_pdf", lambda html: b"%PDF-1.4\n" + html.encode())


@pytest.mark.parametrize(
    "who,status",
    [("applicant", 200), ("other_applicant", 404), ("recommender", 200), ("other_recommender", 404), ("commission", 200), ("agency", 200), ("expert", 404)],
)
def test_only_those_who_see_the_project_get_its_pdf(client, request, make_project, fast_pdf, who, status):
    project = make_project("submitted")
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("projects:application_pdf", args=[project.pk])).status_code == status


def test_a_draft_is_the_organisations_own(client, draft, applicant, commission, recommender, fast_pdf):
    url = reverse("projects:application_pdf", args=[draft.pk])
    client.force_login(commission)
    assert client.get(url).status_code == 404
    client.force_login(recommender)
    assert client.get(url).status_code == 404
    client.force_login(applicant)
    assert client.get(url).status_code == 200


def test_anonymous_is_sent_to_login(client, draft):
    response = client.get(reverse("projects:application_pdf", args=[draft.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_query_count_does_not_grow_with_team_and_metrics(client, make_project, applicant, fast_pdf):
    project = make_project("in_progress")
    project.metrics.update(actual=Decimal("1.2"))
    client.force_login(applicant)
    urls = [reverse("projects:application_pdf", args=[project.pk]), reverse("projects:results_pdf", args=[project.pk])]

    def queries():
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            assert response.status_code == 200
            counts.append(len(ctx))
        return counts

    few = queries()
    for i in range(12):
        TeamMember.objects.create(project=project, name=f"成员{i}", role=TeamRole.TECHNICAL, position="工程师")
        Metric.objects.create(
            project=project, name=f"指标{i}", unit="%", direction=MetricDirection.LOWER, baseline=Decimal("5"), target=Decimal("2"), actual=Decimal("1")
        )
    many = queries()
    assert few == many
    assert "成员11" in client.get(urls[0]).content.decode()
