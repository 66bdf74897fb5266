"""第二十四条: 《天津市质量攻关管理办法》 is in force from 2024-01-01 for 5 years; a work plan
(年度工作方案) for a year outside the validity is refused by the domain, whichever door
creates it; a successor regulation is entered in ``TJQA_REGULATION_PERIODS``."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.campaigns.models import Campaign
from apps.campaigns.services import create_campaign, update_campaign
from apps.campaigns.validity import regulation_for_year, year_problem
from tests.factories import CampaignFactory, open_dates

SUCCESSOR = [
    {"name": "天津市质量攻关管理办法", "starts_on": "2024-01-01", "ends_on": "2028-12-31"},
    {"name": "天津市质量攻关管理办法（修订）", "starts_on": "2029-01-01", "ends_on": "2033-12-31"},
]


def make(year):
    return create_campaign(year=year, title=f"{year}年天津市质量攻关工作方案", **open_dates())


def test_the_default_is_the_regulation_of_2024_for_five_years(settings):
    assert settings.TJQA_REGULATION_PERIODS == [
        {"name": "天津市质量攻关管理办法", "starts_on": "2024-01-01", "ends_on": "2028-12-31"}
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("year", [2023, 2029, 2031])
def test_a_year_outside_the_validity_is_refused(year):
    with pytest.raises(ValidationError) as exc:
        make(year)
    assert exc.value.message_dict["year"] == [
        f"根据第二十四条，{year}年度不在管理办法的有效期内（《天津市质量攻关管理办法》2024年1月1日至2028年12月31日），不能建立该年度的工作方案。"
    ]
    assert not Campaign.objects.filter(year=year).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("year", [2024, 2028])
def test_a_year_inside_the_validity_is_accepted(year):
    assert make(year).year == year


@pytest.mark.django_db
def test_a_successor_regulation_makes_2029_valid(settings):
    settings.TJQA_REGULATION_PERIODS = SUCCESSOR
    assert make(2029).year == 2029
    assert regulation_for_year(2029).name == "天津市质量攻关管理办法（修订）"
    assert regulation_for_year(2028).name == "天津市质量攻关管理办法"
    assert "2034年度不在管理办法的有效期内" in year_problem(2034)
    assert "2023年度" in year_problem(2023)


@pytest.mark.django_db
def test_editing_a_campaign_outside_the_validity_is_refused(db):
    campaign = CampaignFactory(year=2031)  # stored before the check existed
    with pytest.raises(ValidationError) as exc:
        update_campaign(campaign=campaign, title="修订")
    assert "第二十四条" in exc.value.message_dict["year"][0]


def _form_data(year):
    return {
        "year": year,
        "title": f"{year}年天津市质量攻关工作方案",
        "description": "",
        **{k: v.isoformat() for k, v in open_dates().items()},
        "notice_days": 7,
        "quota_first": 50,
        "quota_second": 100,
        "quota_third": 200,
        "quota_best_organization": 5,
        "scorers_per_project": 5,
        "comment_required_below": 60,
    }


@pytest.mark.django_db
def test_the_office_form_shows_the_refusal(client, commission):
    client.force_login(commission)
    response = client.post(reverse("campaigns:create"), _form_data(2029))
    assert response.status_code == 200
    assert "根据第二十四条" in response.context["form"].errors["year"][0]
    assert "根据第二十四条" in response.content.decode()
    assert not Campaign.objects.filter(year=2029).exists()
    response = client.post(reverse("campaigns:create"), _form_data(2028))
    assert response.status_code == 302
    assert Campaign.objects.filter(year=2028).exists()


@pytest.mark.django_db
def test_the_admin_refuses_it_too(client, commission):
    from django.contrib.admin.sites import site

    admin_form = site._registry[Campaign].get_form(None)
    form = admin_form(data={**_form_data(2023), "min_score_first": 85, "min_score_second": 75, "min_score_third": 60})
    assert not form.is_valid()
    assert "根据第二十四条" in form.errors["year"][0]
