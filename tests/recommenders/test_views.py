"""The recommender unit: its inbox only (第九条), verification with a checklist (第十条),
results evaluation (第十五条)."""

import pytest
from django.urls import reverse

from apps.organizations.choices import District
from apps.projects.services import transition
from apps.recommenders.models import CHECKLIST, RecommenderVerification
from tests.factories import OrganizationFactory, bring_to, ready_application


def submitted(draft, applicant):
    transition(project=draft, name="submit", actor=applicant, commitment=True)
    return draft


def checklist(stage, all_ticked=True):
    return {f"check_{code}": "on" for code, _ in CHECKLIST[stage]} if all_ticked else {}


def review(client, project, decision, opinion="", stage="application", ticked=True, expected=None):
    data = {"decision": decision, "opinion": opinion, "expected_state": expected or project.state, **checklist(stage, ticked)}
    return client.post(reverse("recommenders:review", args=[project.pk]), data, follow=True)


def test_recommend_needs_the_whole_checklist(client, draft, applicant, recommender):
    submitted(draft, applicant)
    client.force_login(recommender)
    page = client.get(reverse("recommenders:review", args=[draft.pk])).content.decode()
    assert "核查申报材料的完整性和真实性（第十条）" in page
    body = review(client, draft, "recommend", "材料完整。", ticked=False).content.decode()
    assert "根据第十条，推荐前须完成全部核查项目" in body
    assert "材料完整。" in body  # the opinion is kept
    draft.refresh_from_db()
    assert draft.state == "submitted"
    review(client, draft, "recommend", "经核实，材料完整、真实，同意推荐。")
    draft.refresh_from_db()
    assert draft.state == "recommended" and draft.recommender_opinion == "经核实，材料完整、真实，同意推荐。"
    v = RecommenderVerification.objects.get(project=draft)
    assert v.stage == "application" and all(v.answers.values()) and v.decision == "recommend"


def test_return_with_reasons_and_decline(client, draft, applicant, recommender):
    submitted(draft, applicant)
    client.force_login(recommender)
    body = review(client, draft, "return_to_applicant", "", ticked=False).content.decode()
    assert "请填写意见或理由（第十条）" in body
    review(client, draft, "return_to_applicant", "请补充检测报告。", ticked=False)
    draft.refresh_from_db()
    assert draft.state == "returned"
    assert draft.transitions.last().comment == "请补充检测报告。"
    transition(project=draft, name="resubmit", actor=applicant, commitment=True)
    review(client, draft, "decline", "与质量攻关方向不符。", ticked=False)
    draft.refresh_from_db()
    assert draft.state == "not_recommended"
    assert RecommenderVerification.objects.filter(project=draft).count() == 2


def test_concurrent_decision_is_already_handled(client, draft, applicant, recommender):
    submitted(draft, applicant)
    client.force_login(recommender)
    transition(project=draft, name="withdraw", actor=applicant)
    body = review(client, draft, "recommend", "同意。", expected="submitted").content.decode()
    assert "已被他人处理" in body
    assert not RecommenderVerification.objects.exists()  # nothing stored for a refused decision


def test_results_evaluation_side_by_side(client, draft, applicant, recommender, commission):
    bring_to(draft, "results_submitted", actors={"applicant": applicant, "recommender": recommender, "commission": commission})
    client.force_login(recommender)
    page = client.get(reverse("recommenders:review", args=[draft.pk])).content.decode()
    assert "目标与实际对照（第十五条）" in page and "✔ 达到" in page
    body = review(client, draft, "recommend_results", "同意推荐。", stage="results", ticked=False).content.decode()
    assert "根据第十五条" in body
    review(client, draft, "recommend_results", "成效显著，同意推荐。", stage="results")
    draft.refresh_from_db()
    assert draft.state == "results_recommended" and draft.results_opinion == "成效显著，同意推荐。"


def test_results_return_goes_back_to_in_progress(client, draft, applicant, recommender, commission):
    bring_to(draft, "results_submitted", actors={"applicant": applicant, "recommender": recommender, "commission": commission})
    client.force_login(recommender)
    review(client, draft, "return_results", "请补充第三个月的统计数据。", stage="results", ticked=False)
    draft.refresh_from_db()
    assert draft.state == "in_progress"


def test_inbox_shows_only_the_units_projects_and_filters(client, campaign, draft, applicant, recommender, other_recommender_unit):
    submitted(draft, applicant)
    other_org = OrganizationFactory(district=District.HEXI)
    # 第六条: the other unit is the 河西区 bureau, which recommends the 河西区 organisation.
    other_recommender_unit.district = District.HEXI
    other_recommender_unit.save(update_fields=["district"])
    other = ready_application(campaign=campaign, organization=other_org, recommender=other_recommender_unit, created_by=applicant, title="别的单位的项目")
    transition(project=other, name="submit", actor=None, commitment=True)
    client.force_login(recommender)
    body = client.get(reverse("recommenders:inbox")).content.decode()
    assert draft.title in body and "别的单位的项目" not in body
    assert client.get(reverse("recommenders:review", args=[other.pk])).status_code == 404
    assert draft.title not in client.get(reverse("recommenders:inbox"), {"district": "hexi"}).content.decode()
    assert draft.title in client.get(reverse("recommenders:inbox"), {"state": "submitted", "industry": "equipment"}).content.decode()
    export = client.get(reverse("recommenders:export"))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_export_shows_the_submission_time_as_on_the_page(client, draft, applicant, recommender):
    from io import BytesIO

    from django.utils import timezone
    from openpyxl import load_workbook

    submitted(draft, applicant)
    client.force_login(recommender)
    sheet = load_workbook(BytesIO(client.get(reverse("recommenders:export")).getvalue())).active
    assert sheet["J2"].value == f"{timezone.localtime(draft.submitted_at):%Y-%m-%d %H:%M}"  # Asia/Shanghai, not UTC


@pytest.mark.parametrize("n", [1, 12])
def test_inbox_constant_queries(client, django_assert_max_num_queries, campaign, organization, applicant, recommender, recommender_unit, n):
    for i in range(n):
        p = ready_application(campaign=campaign, organization=organization, recommender=recommender_unit, created_by=applicant, title=f"项目{i}")
        transition(project=p, name="submit", actor=applicant, commitment=True)
    client.force_login(recommender)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("recommenders:inbox"))
    assert response.content.decode().count("项目") >= n
    with django_assert_max_num_queries(12):
        client.get(reverse("recommenders:export"))


def test_inbox_is_for_recommenders_only(client, applicant):
    client.force_login(applicant)
    assert client.get(reverse("recommenders:inbox")).status_code == 404


def test_recommender_cannot_skip_the_checklist_through_the_project_page(client, draft, applicant, recommender):
    submitted(draft, applicant)
    client.force_login(recommender)
    page = client.get(reverse("projects:detail", args=[draft.pk])).content.decode()
    assert "进入推荐单位审核" in page and 'data-action="recommend"' not in page
    response = client.post(reverse("projects:act", args=[draft.pk]), {"name": "recommend", "comment": "同意", "expected_state": "submitted"})
    assert response.status_code == 302 and response["Location"] == reverse("recommenders:review", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.state == "submitted"


@pytest.mark.parametrize("stage,decision,article", [("application", "recommend", "第十条"), ("results", "recommend_results", "第十五条")])
def test_without_the_forms_check_the_domain_still_refuses_and_the_screen_says_why(
    client, monkeypatch, draft, applicant, recommender, commission, stage, decision, article
):
    """The form repeats the rule for a message at each item; the rule itself is the domain's
    (第十条, 第十五条): with the form's check switched off, the screen shows the domain's refusal."""
    monkeypatch.setattr("apps.unit.forms.POSITIVE", set())
    state = "submitted" if stage == "application" else "results_submitted"
    bring_to(draft, state, actors={"applicant": applicant, "recommender": recommender, "commission": commission})
    before = RecommenderVerification.objects.count()
    client.force_login(recommender)
    body = review(client, draft, decision, "同意推荐。", stage=stage, ticked=False).content.decode()
    assert f"根据{article}，推荐前须确认" in body
    draft.refresh_from_db()
    assert draft.state == state
    assert RecommenderVerification.objects.count() == before


def test_the_units_verification_record_shows_its_local_minute(client, draft, applicant, recommender):
    import datetime

    submitted(draft, applicant)
    row = RecommenderVerification.objects.create(
        project=draft, unit_id=recommender.recommender_id, stage="application", answers={}, decision="return", verified_by=recommender
    )
    # 02:05 UTC is 10:05 in Tianjin (Asia/Shanghai).
    RecommenderVerification.objects.filter(pk=row.pk).update(created_at=datetime.datetime(2026, 3, 1, 2, 5, 59, tzinfo=datetime.timezone.utc))
    client.force_login(recommender)
    page = client.get(reverse("recommenders:review", args=[draft.pk])).content.decode()
    assert "本单位核查记录" in page and " · 2026-03-01 10:05 · " in page


# The verification screen's statements: session and user, the roles, the project (with its
# year, organisation, unit and duplicate check), its metrics, team, files and log, the unread
# count, the unit's verification records. The commission's findings are not read: a submitted
# project has not reached 立项审核, where alone a finding is recorded. On PostgreSQL the
# metrics, team, files and log are read in one round trip (apps.core.statements.Together).
REVIEW_QUERIES = 10
REVIEW_QUERIES_POSTGRESQL = REVIEW_QUERIES - 3


@pytest.mark.parametrize("n", [3, 30])
def test_review_screen_constant_queries(client, django_assert_num_queries, make_project, recommender, n):
    """The verification screen reads a fixed number of statements however many metrics,
    members, files and earlier verifications the project has (every one of them shown)."""
    from decimal import Decimal

    from apps.projects.models import Metric, TeamMember
    from tests.factories import add_pdf

    project = make_project("submitted")
    for i in range(n):
        Metric.objects.create(project=project, name=f"指标{i}", unit="%", direction="lower", baseline=Decimal("4"), target=Decimal("2"))
        TeamMember.objects.create(project=project, name=f"成员{i}", role="technical")
        add_pdf(project, name=f"材料{i}.pdf")
        RecommenderVerification.objects.create(project=project, unit_id=recommender.recommender_id, stage="application", answers={}, opinion=f"意见{i}", decision="return_to_applicant", verified_by=recommender)
    client.force_login(recommender)
    client.get(reverse("recommenders:review", args=[project.pk]))
    from django.db import connection

    with django_assert_num_queries(REVIEW_QUERIES_POSTGRESQL if connection.vendor == "postgresql" else REVIEW_QUERIES):
        response = client.get(reverse("recommenders:review", args=[project.pk]))
    page = response.content.decode()
    last = n - 1
    assert f"指标{last}" in page and f"成员{last}" in page and f"材料{last}.pdf" in page and f"意见{last}" in page
    # Each record: its stage, who verified it and the checklist's items.
    assert page.count("申报材料审核（第十条）</strong>") == n and f"· {recommender}\n" in page
    assert CHECKLIST["application"][0][1] in page
