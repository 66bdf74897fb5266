"""The permission matrix of the awards URLs × roles, and constant query counts of the lists."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.accounts.roles import Role
from apps.awards.models import Certificate, Objection
from apps.awards.services.certificates import start_run
from tests.awards.conftest import committing
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(campaign, announce_awards, agency, commission):
    (project,) = announce_awards(1)
    with committing():
        start_run(campaign=campaign, actor=agency)
    obj = Objection.objects.create(project=project, name="王建华", phone="13812345678", content="数据不实，请核查。", attachment=SimpleUploadedFile("a.pdf", b"%PDF-1.4"))
    return {"project": project, "cert": Certificate.objects.get(), "objection": obj, "year": campaign.year}


def urls(w):
    y, p, c, o = w["year"], w["project"], w["cert"], w["objection"]
    return {
        "notice": f"/notice/{y}/",
        "verify": f"/verify/{c.code}/",
        "results": f"/awards/{y}/",
        "index": "/awards/",
        "mine": reverse("awards:mine"),
        "download": reverse("awards:download", args=[c.pk]),
        "manage": reverse("awards:manage"),
        "decide": reverse("awards:decide", args=[y]),
        "certificates": reverse("awards:certificates", args=[y]),
        "objections": reverse("awards:objections"),
        "objection": reverse("awards:objection", args=[o.pk]),
        "objection_attachment": reverse("awards:objection_attachment", args=[o.pk]),
        "revoke": reverse("awards:revoke", args=[p.pk]),
        "inbox": reverse("notifications:inbox"),
        "preferences": reverse("notifications:preferences"),
    }


# Expected status per role: anonymous, the awarded applicant, another applicant, its recommender,
# another recommender, commission, agency, expert. 302 = sent to the login page.
MATRIX = {
    "notice": [200] * 8,
    "verify": [200] * 8,
    "results": [200] * 8,
    "index": [200] * 8,
    "mine": [302, 200, 200, 200, 200, 403, 403, 403],
    "download": [302, 200, 404, 200, 404, 200, 200, 404],  # the unit that recommended the project too
    "manage": [302, 403, 403, 403, 403, 200, 200, 403],
    "decide": [302, 403, 403, 403, 403, 200, 200, 403],
    "certificates": [302, 403, 403, 403, 403, 200, 200, 403],
    "objections": [302, 403, 403, 403, 403, 200, 200, 403],
    "objection": [302, 403, 403, 403, 403, 200, 200, 403],
    "objection_attachment": [302, 403, 403, 403, 403, 200, 200, 403],
    "revoke": [302, 403, 403, 403, 403, 200, 403, 403],
    "inbox": [302, 200, 200, 200, 200, 200, 200, 200],
    "preferences": [302, 200, 200, 200, 200, 200, 200, 200],
}


def test_permission_matrix(client, world, applicant, other_applicant, recommender, other_recommender, commission, agency):
    expert = make_user(Role.EXPERT)
    roles = [None, applicant, other_applicant, recommender, other_recommender, commission, agency, expert]
    table = urls(world)
    problems = []
    for name, expected in MATRIX.items():
        for user, status in zip(roles, expected):
            client.logout()
            if user is not None:
                client.force_login(user)
            got = client.get(table[name]).status_code
            if got != status:
                problems.append(f"{name} as {getattr(user, 'username', 'anonymous')}: {got} != {status}")
    assert not problems, problems


def test_writes_refused_for_non_commission(client, world, agency, applicant):
    client.force_login(agency)
    client.post(reverse("awards:decide", args=[world["year"]]), {"action": "open"}, follow=True)
    response = client.post(reverse("awards:objection", args=[world["objection"].pk]), {"action": "decide", "upheld": "1", "reason": "x"})
    assert "处理结论由市市场监管委作出" in response.content.decode()
    client.force_login(applicant)
    assert client.post(reverse("awards:decide", args=[world["year"]]), {"action": "announce"}).status_code == 403


@pytest.mark.parametrize("n", [1, 6])
def test_public_and_staff_lists_have_constant_query_counts(client, campaign, announce_awards, agency, commission, django_assert_max_num_queries, n):
    projects = announce_awards(n, levels=(["first", "second", "third"] * 3)[:n])
    with committing():
        start_run(campaign=campaign, actor=agency)
    for p in projects:
        Objection.objects.create(project=p, name="王建华", phone="13812345678", content="数据不实，请核查。")
    budget = {
        f"/awards/{campaign.year}/": 9,
        f"/notice/{campaign.year}/": 5,
    }
    client.get(f"/awards/{campaign.year}/?level=first")  # writes the public cache's tokens (first visit of all)
    for url, limit in budget.items():
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200
    client.force_login(commission)
    staff = {
        reverse("awards:decide", args=[campaign.year]): 14,
        reverse("awards:certificates", args=[campaign.year]): 12,
        reverse("awards:objections"): 9,
        reverse("awards:manage"): 9,
    }
    for url, limit in staff.items():
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200
    client.force_login(projects[0].organization.members.first())
    with django_assert_max_num_queries(14):
        assert client.get(reverse("awards:mine")).status_code == 200


def test_a_visitor_finds_the_award_lists_and_the_verification_from_the_navigation(client, campaign):
    body = client.get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("awards:index")}"' in body
    assert f'href="{reverse("awards_public:verify_form")}"' in body


@pytest.mark.parametrize("n", [1, 6])
def test_the_units_awards_page_has_a_constant_query_count(client, campaign, announce_awards, agency, recommender, recommender_unit, django_assert_max_num_queries, n):
    announce_awards(n, levels=(["first", "second", "third"] * 3)[:n], best_units=[recommender_unit])
    with committing():
        start_run(campaign=campaign, actor=agency)
    client.force_login(recommender)
    with django_assert_max_num_queries(6):
        html = client.get(reverse("awards:mine")).content.decode()
    assert html.count("/download/") == n + 1  # n recommended projects and the best-organisation award
