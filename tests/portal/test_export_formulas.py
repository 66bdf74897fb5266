"""Every Excel export keeps a value typed as a formula (a title or a name starting with "=")
as text: the cell holds the value with a leading apostrophe, never a live formula."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.campaigns.models import Campaign
from apps.review import services as expert_services
from apps.organizations.choices import Industry
from apps.projects.models import Project
from apps.recommenders.models import RecommenderUnit as Recommender
from apps.training.services import create_session

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example","点此")'
SAFE = "'" + FORMULA


def _sheet(response):
    assert response.status_code == 200, response.status_code
    ws = load_workbook(BytesIO(response.getvalue())).active
    return [[c.value for c in row] for row in ws.iter_rows()]


def _formula_cells(rows):
    return [v for row in rows for v in row if isinstance(v, str) and FORMULA in v]


def _retitle(project):
    Project.objects.filter(pk=project.pk).update(title=FORMULA)


def test_public_plan_export(client, campaign, make_project):
    _retitle(make_project("in_progress"))
    rows = _sheet(client.get(f"/plan/{campaign.year}/export.xlsx"))
    assert _formula_cells(rows) == [SAFE]
    assert rows[1][0] == 1  # the row number stays a number


def test_project_list_export(client, applicant, draft):
    _retitle(draft)
    client.force_login(applicant)
    assert _formula_cells(_sheet(client.get(reverse("projects:export")))) == [SAFE]


def test_recommender_inbox_export(client, recommender, make_project):
    _retitle(make_project("submitted"))
    client.force_login(recommender)
    assert _formula_cells(_sheet(client.get(reverse("recommenders:export")))) == [SAFE]


def test_approval_queue_and_campaign_list_exports(client, commission, campaign, make_project):
    _retitle(make_project("recommended"))
    Campaign.objects.filter(pk=campaign.pk).update(title=FORMULA)
    client.force_login(commission)
    assert _formula_cells(_sheet(client.get(reverse("campaigns:approval_export", args=[campaign.year])))) == [SAFE]
    rows = _sheet(client.get(reverse("campaigns:list_export")))
    assert _formula_cells(rows) == [SAFE] and rows[1][0] == campaign.year


def test_dashboard_export_of_a_recommender_named_as_a_formula(client, agency, campaign, recommender_unit, make_project):
    make_project("recommended")
    Recommender.objects.filter(pk=recommender_unit.pk).update(name=FORMULA)
    client.force_login(agency)
    rows = _sheet(client.get(reverse("campaigns:dashboard_export", args=[campaign.year, "recommender"])))
    assert _formula_cells(rows) == [SAFE]


def test_training_exports(client, agency, campaign, make_project):
    make_project("in_progress")
    session = create_session(campaign=campaign, topic=FORMULA, held_on=datetime.date(2026, 5, 20), place="@培训中心", actor=agency)
    client.force_login(agency)
    rows = _sheet(client.get(reverse("training:session_export")))
    assert _formula_cells(rows) == [SAFE] and rows[1][3] == "'@培训中心"
    assert rows[1][0] == campaign.year


def test_expert_pool_export_and_its_import_round_trip(client, agency):
    from apps.review.models import Expert

    expert_services.add_expert(
        actor=agency, username="expert-f", password="pass-1234", name="+张专家", employer_name=FORMULA, specialties=[Industry.EQUIPMENT.value]
    )
    client.force_login(agency)
    response = client.get(reverse("experts:expert_export"))
    exported = response.getvalue()  # a streamed download can be read once
    rows = [[c.value for c in row] for row in load_workbook(BytesIO(exported)).active.iter_rows()]
    assert _formula_cells(rows) == [SAFE] and rows[1][1] == "'+张专家"
    # The exported sheet imported again changes nothing: the apostrophe is not taken into the data.
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = client.post(
        reverse("experts:expert_import"), {"file": SimpleUploadedFile("专家库.xlsx", exported)}, follow=True
    ).content.decode()
    assert "新增0人，更新0人，未变化1人" in body
    assert Expert.objects.get(user__username="expert-f").name == "+张专家"
