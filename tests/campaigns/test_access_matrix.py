"""Every campaign URL × every role: staff screens for the commission and the agency, final
decisions (第十一条, 第八条) for the commission alone, the project plan for everyone; guessing
the id of a project of another campaign gives 404."""

import pytest
from django.urls import reverse

from tests.factories import CampaignFactory

ROLES = ["anonymous", "applicant", "other_applicant", "recommender", "other_recommender", "commission", "agency", "expert"]
STAFF = {"commission", "agency"}


@pytest.fixture
def world(campaign, make_project, other_applicant, other_organization, recommender):
    own = make_project("recommended", title="本方项目")
    own2 = make_project("recommended", title="本方项目二")
    # Another party's project: another organisation, another (earlier) campaign.
    earlier = CampaignFactory(year=campaign.year - 1)
    other = make_project(
        "recommended", title="他方项目", campaign=earlier, organization=other_organization, who={"applicant": other_applicant}
    )
    draft_campaign = CampaignFactory(year=campaign.year + 1, published=False)
    return {"campaign": campaign, "own": own, "own2": own2, "other": other, "earlier": earlier, "draft": draft_campaign}


def _login(client, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))


# (name, url builder, who gets 200: "staff" | "all")
GET_URLS = [
    ("list", lambda w: reverse("campaigns:list"), "staff"),
    ("list export", lambda w: reverse("campaigns:list_export"), "staff"),
    ("create", lambda w: reverse("campaigns:create"), "staff"),
    ("detail", lambda w: reverse("campaigns:detail", args=[w["campaign"].year]), "staff"),
    ("edit draft", lambda w: reverse("campaigns:edit", args=[w["draft"].year]), "staff"),
    ("rubric draft", lambda w: reverse("campaigns:rubric", args=[w["draft"].year]), "staff"),
    ("edit published", lambda w: reverse("campaigns:edit", args=[w["campaign"].year]), "commission"),
    ("rubric published", lambda w: reverse("campaigns:rubric", args=[w["campaign"].year]), "commission"),
    ("approval", lambda w: reverse("campaigns:approval", args=[w["campaign"].year]), "staff"),
    ("approval export", lambda w: reverse("campaigns:approval_export", args=[w["campaign"].year]), "staff"),
    ("approval detail", lambda w: reverse("campaigns:approval_detail", args=[w["campaign"].year, w["own"].pk]), "staff"),
    (
        "compare",
        lambda w: reverse("campaigns:approval_compare", args=[w["campaign"].year, w["own"].pk, w["other"].pk]),
        "staff",
    ),
    ("dashboard", lambda w: reverse("campaigns:dashboard", args=[w["campaign"].year]), "staff"),
    ("dashboard export", lambda w: reverse("campaigns:dashboard_export", args=[w["campaign"].year, "district"]), "staff"),
    ("plan", lambda w: f"/plan/{w['campaign'].year}/", "all"),
    ("plan export", lambda w: f"/plan/{w['campaign'].year}/export.xlsx", "all"),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name,url,allowed", GET_URLS, ids=[u[0] for u in GET_URLS])
def test_get_matrix(client, request, world, role, name, url, allowed):
    _login(client, request, role)
    response = client.get(url(world))
    if allowed == "all" or role == allowed or (allowed == "staff" and role in STAFF):
        assert response.status_code == 200
    elif role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ["commission", "agency"])
def test_project_of_another_campaign_is_404(client, request, world, role):
    """The project exists but belongs to another year's campaign: guessing the id gives 404."""
    _login(client, request, role)
    year = world["campaign"].year
    assert client.get(reverse("campaigns:approval_detail", args=[year, world["other"].pk])).status_code == 404
    assert client.get(reverse("campaigns:approval_compare", args=[year, world["other"].pk, world["own"].pk])).status_code == 404
    assert client.get(reverse("campaigns:approval_detail", args=[year, 999999])).status_code == 404
    assert client.get(reverse("campaigns:dashboard_export", args=[year, "nonsense"])).status_code == 404
    assert client.get(reverse("campaigns:detail", args=[1900])).status_code == 404
    assert client.get("/plan/1900/").status_code == 404


# Final decisions: the commission alone.
@pytest.mark.parametrize("role", ROLES)
def test_decisions_matrix(client, request, world, role):
    _login(client, request, role)
    year = world["campaign"].year
    own, own2 = world["own"], world["own2"]
    responses = [
        client.post(reverse("campaigns:approval_batch", args=[year]), {"projects": [own.pk], "decision": "approve"}),
        client.post(reverse("campaigns:approval_detail", args=[year, own2.pk]), {"decision": "approve", "expected_state": "recommended"}),
    ]
    own.refresh_from_db()
    own2.refresh_from_db()
    if role == "commission":
        assert [r.status_code for r in responses] == [302, 302]
        assert own.state == own2.state == "approved"
        publish = client.post(reverse("campaigns:publish_plan", args=[year]))
        own.refresh_from_db()
        assert publish.status_code == 302 and own.state == "in_progress"
        publish_campaign = client.post(reverse("campaigns:publish", args=[world["draft"].year]))
        world["draft"].refresh_from_db()
        assert publish_campaign.status_code == 302 and world["draft"].published
    else:
        responses.append(client.post(reverse("campaigns:publish_plan", args=[year])))
        responses.append(client.post(reverse("campaigns:publish", args=[world["draft"].year])))
        expected = 302 if role == "anonymous" else 403
        assert [r.status_code for r in responses] == [expected] * 4
        own.refresh_from_db()
        world["draft"].refresh_from_db()
        assert own.state == own2.state == "recommended" and not world["draft"].published


@pytest.mark.parametrize("role", ROLES)
def test_get_on_post_only_urls_is_refused(client, request, world, role):
    _login(client, request, role)
    year = world["campaign"].year
    for url in (reverse("campaigns:approval_batch", args=[year]), reverse("campaigns:publish_plan", args=[year])):
        assert client.get(url).status_code == 405
