"""第八条: the work plan created, edited and published; 第四条 quotas in the form."""

import datetime

import pytest
from django.urls import reverse

from apps.campaigns.models import Campaign, RubricCriterion
from tests.factories import CampaignFactory, open_dates


def _form_data(year, **overrides):
    dates = open_dates()
    data = {
        "year": year,
        "title": f"{year}年天津市质量攻关工作方案",
        "description": "围绕改进生产技术和工艺开展质量攻关。",
        **{k: v.isoformat() for k, v in dates.items()},
        "notice_days": 7,
        "quota_first": 50,
        "quota_second": 100,
        "quota_third": 200,
        "quota_best_organization": 5,
        "scorers_per_project": 5,
        "comment_required_below": 60,
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_agency_drafts_a_campaign_with_the_default_rubric(client, agency):
    client.force_login(agency)
    response = client.post(reverse("campaigns:create"), _form_data(2027))
    assert response.status_code == 302
    campaign = Campaign.objects.get(year=2027)
    assert not campaign.published
    assert campaign.rubric.count() == 12  # the two default rubrics of DESIGN.md §7


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field,value,maximum",
    [("quota_first", 51, 50), ("quota_second", 101, 100), ("quota_third", 201, 200), ("quota_best_organization", 6, 5)],
)
def test_quota_above_maximum_refused_in_form_naming_article_4(client, commission, field, value, maximum):
    client.force_login(commission)
    response = client.post(reverse("campaigns:create"), _form_data(2028, **{field: value}))
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert errors == [errors[0]] and "第四条" in errors[0] and str(maximum) in errors[0]
    html = response.content.decode()
    assert "第四条" in html and f'value="{value}"' in html  # the input is kept
    assert not Campaign.objects.filter(year=2028).exists()


def test_quota_above_maximum_refused_when_editing(client, commission, campaign):
    client.force_login(commission)
    response = client.post(reverse("campaigns:edit", args=[campaign.year]), _form_data(campaign.year, quota_first=60))
    assert response.status_code == 200
    assert "根据第四条" in response.context["form"].errors["quota_first"][0]
    campaign.refresh_from_db()
    assert campaign.quota_first == 50


def test_edit_keeps_year_and_saves(client, commission, campaign):
    client.force_login(commission)
    data = _form_data(1999, title="修订后的工作方案", quota_first=40)
    response = client.post(reverse("campaigns:edit", args=[campaign.year]), data)
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert (campaign.year, campaign.title, campaign.quota_first) == (campaign.year, "修订后的工作方案", 40)


def test_dates_out_of_order_refused(client, commission):
    client.force_login(commission)
    data = _form_data(2027)
    data["recommendation_closes"] = (datetime.date.fromisoformat(data["application_closes"]) - datetime.timedelta(days=1)).isoformat()
    response = client.post(reverse("campaigns:create"), data)
    assert response.status_code == 200
    assert "recommendation_closes" in response.context["form"].errors


def test_only_the_commission_publishes(client, commission, agency):
    campaign = CampaignFactory(year=2028, published=False)
    client.force_login(agency)
    assert client.post(reverse("campaigns:publish", args=[2028])).status_code == 403
    campaign.refresh_from_db()
    assert not campaign.published
    client.force_login(commission)
    assert client.post(reverse("campaigns:publish", args=[2028])).status_code == 302
    campaign.refresh_from_db()
    assert campaign.published and campaign.published_at
    # The public home page shows the current published campaign.
    assert client.get("/").status_code == 200


def test_agency_may_not_change_a_published_plan(client, agency, campaign):
    client.force_login(agency)
    assert client.get(reverse("campaigns:edit", args=[campaign.year])).status_code == 403
    assert client.post(reverse("campaigns:edit", args=[campaign.year]), _form_data(campaign.year)).status_code == 403
    assert client.get(reverse("campaigns:rubric", args=[campaign.year])).status_code == 403


def _rubric_post(campaign, rows, extra=0):
    data = {
        "rubric-TOTAL_FORMS": len(rows) + extra,
        "rubric-INITIAL_FORMS": sum(1 for r in rows if r.get("id")),
        "rubric-MIN_NUM_FORMS": 0,
        "rubric-MAX_NUM_FORMS": 1000,
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"rubric-{i}-{key}"] = value
    return data


def _existing_rows(campaign):
    return [
        {"id": c.pk, "project_type": c.project_type, "order": c.order, "name": c.name, "description": c.description, "max_points": c.max_points, "weight": c.weight}
        for c in campaign.rubric.order_by("project_type", "order")
    ]


def test_rubric_edited_with_the_formset(client, commission, campaign):
    client.force_login(commission)
    rows = _existing_rows(campaign)
    rows[0]["max_points"] = 25
    rows[0]["weight"] = "1.50"
    rows[1]["DELETE"] = "on"
    rows.append({"project_type": "innovation", "order": 9, "name": "推广应用", "description": "", "max_points": 5, "weight": "1"})
    response = client.post(reverse("campaigns:rubric", args=[campaign.year]), _rubric_post(campaign, rows))
    assert response.status_code == 302, response.context["formset"].errors
    first = RubricCriterion.objects.get(pk=rows[0]["id"])
    assert (first.max_points, str(first.weight)) == (25, "1.50")
    assert not RubricCriterion.objects.filter(pk=rows[1]["id"]).exists()
    assert campaign.rubric.filter(name="推广应用", project_type="innovation").exists()


def test_rubric_needs_every_project_type(client, commission, campaign):
    client.force_login(commission)
    rows = _existing_rows(campaign)
    for row in rows:
        if row["project_type"] == "innovation":
            row["DELETE"] = "on"
    response = client.post(reverse("campaigns:rubric", args=[campaign.year]), _rubric_post(campaign, rows))
    assert response.status_code == 200
    assert "第十六条" in " ".join(response.context["formset"].non_form_errors())
    assert campaign.rubric.filter(project_type="innovation").count() == 6


def test_rubric_locked_once_review_started(client, commission, campaign, make_project):
    make_project("under_review")
    client.force_login(commission)
    rows = _existing_rows(campaign)
    rows[0]["max_points"] = 1
    response = client.post(reverse("campaigns:rubric", args=[campaign.year]), _rubric_post(campaign, rows), follow=True)
    assert "第十六条" in response.content.decode()
    assert RubricCriterion.objects.get(pk=rows[0]["id"]).max_points != 1


def test_new_plan_starts_from_the_latest(client, commission, campaign):
    client.force_login(commission)
    form = client.get(reverse("campaigns:create")).context["form"]
    assert form.initial["year"] == campaign.year + 1
    from apps.organizations.models import add_years

    assert form.initial["application_closes"] == add_years(campaign.application_closes, 1)
    assert form.initial["quota_first"] == campaign.quota_first


def test_list_counts_each_campaigns_projects_by_state(client, commission, campaign, make_project):
    for state in ["draft", "submitted", "recommended", "recommended", "approved", "in_progress", "awarded", "rejected"]:
        make_project(state)
    empty = CampaignFactory(year=campaign.year + 1, published=False)
    client.force_login(commission)
    response = client.get(reverse("campaigns:list"))
    listed = {c.year: c for c in response.context["campaigns"]}
    html = response.content.decode()
    y = campaign.year
    assert f'<td><a href="/campaigns/{y}/">{campaign.title}</a></td>' in html
    assert f'<a class="btn small secondary" href="/campaigns/{y}/approval/">立项审核</a><a class="btn small secondary" href="/campaigns/{y}/dashboard/">数据看板</a>' in html
    # Every project but the draft; in the plan: the one in progress and the awarded one.
    assert _counts(listed[campaign.year]) == (7, 2, 1, 2)
    assert _counts(listed[empty.year]) == (0, 0, 0, 0)
    assert list(listed) == [empty.year, campaign.year]


def _counts(campaign):
    return (campaign.n_projects, campaign.n_recommended, campaign.n_approved, campaign.n_plan)


def test_the_years_of_every_campaign_newest_first(campaign):
    CampaignFactory(year=campaign.year - 2)
    CampaignFactory(year=campaign.year + 1, published=False)
    assert Campaign.objects.years() == [campaign.year + 1, campaign.year, campaign.year - 2]
