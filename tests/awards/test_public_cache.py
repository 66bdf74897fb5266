"""The announced list's public page is rendered once per change of what it shows
(apps.public.cache): a later visitor gets the kept body, and any committed change to a project
of the year, an organisation, a unit, the campaign, the list or its best-organisation awards
shows on the next visit."""

import pytest
from django.core.cache import caches
from django.db.models.signals import post_save
from django.test import RequestFactory
from django.urls import reverse

from apps.public import cache as public_cache
from tests.awards.conftest import committing

pytestmark = pytest.mark.django_db


def _body(html):
    return html[html.index('<div class="hero">') :]


@pytest.fixture
def page(client, campaign, announce_awards):
    projects = announce_awards(2, levels=["first", "second"])
    url = reverse("awards:results", args=[campaign.year])
    client.get(url)  # renders and keeps the body
    return projects, url


def test_a_later_visit_gets_the_kept_body_without_the_list_queries(client, page, django_assert_num_queries):
    projects, url = page
    # campaign, announced list, tokens: the count, rows and tables are not read again
    with django_assert_num_queries(3):
        html = client.get(url).content.decode()
    assert all(p.title in html for p in projects)


def test_a_committed_change_of_a_project_shows_on_the_next_visit(client, page):
    (project, _), url = page
    with committing():
        project.title = "提高焊缝一次合格率（更名）"
        project.save()
    assert "提高焊缝一次合格率（更名）" in client.get(url).content.decode()


def test_a_renamed_organisation_and_unit_show_on_the_next_visit(client, page):
    (project, _), url = page
    organization, unit = project.organization, project.recommender
    with committing():
        organization.name = "天津更名后的企业有限公司"
        organization.save()
    assert "天津更名后的企业有限公司" in client.get(url).content.decode()
    with committing():
        unit.name = "更名后的推荐单位"
        unit.save()
    assert "更名后的推荐单位" in client.get(url).content.decode()


def test_a_change_of_another_year_leaves_the_kept_body(client, page, django_assert_num_queries):
    (project, _), url = page
    # No save of this year's rows: the tokens stay, the body is served as kept.
    with django_assert_num_queries(3):
        client.get(url)


def test_a_body_rendered_while_a_change_commits_is_not_served(rf, page, campaign):
    """The tokens are read before the data: a change committed during the render leaves the
    body under an outdated token, and the next visit renders again."""
    (project, _), url = page
    caches["default"].clear()
    renders = []

    def render_while_changing():
        renders.append(1)
        if len(renders) == 1:
            with committing():
                project.title = "渲染期间提交的更改"
                project.save()
        return "body %d" % len(renders)

    request = rf.get(url)
    assert public_cache.body(request, name="t", campaign=campaign, allowed=set(), render=render_while_changing) == "body 1"
    assert public_cache.body(request, name="t", campaign=campaign, allowed=set(), render=render_while_changing) == "body 2"
    assert public_cache.body(request, name="t", campaign=campaign, allowed=set(), render=render_while_changing) == "body 2"
    assert len(renders) == 2


def test_tokens_lost_from_the_store_mean_a_new_render(rf, campaign):
    request = rf.get("/")
    assert public_cache.body(request, name="t", campaign=campaign, allowed=set(), render=lambda: "first") == "first"
    assert public_cache.body(request, name="t", campaign=campaign, allowed=set(), render=lambda: "second") == "first"
    caches["database"].clear()
    assert public_cache.body(request, name="t", campaign=campaign, allowed=set(), render=lambda: "third") == "third"


def test_only_the_pages_own_parameters_are_kept(rf, campaign):
    renders = []

    def render():
        renders.append(1)
        return "body"

    for _ in range(2):
        public_cache.body(RequestFactory().get("/", {"level": "first", "page": "2"}), name="t", campaign=campaign, allowed={"level", "page"}, render=render)
    assert len(renders) == 1
    for query in ({"utm": "x"}, {"level": ["first", "second"]}):
        for _ in range(2):
            public_cache.body(RequestFactory().get("/", query), name="t", campaign=campaign, allowed={"level", "page"}, render=render)
    assert len(renders) == 5


@pytest.mark.parametrize("label", ["campaigns.Campaign", "awards.AwardList", "awards.BestOrganizationAward", "organizations.Organization", "recommenders.RecommenderUnit", "projects.Project"])
def test_every_model_the_pages_show_replaces_a_token_when_saved(label):
    from django.apps import apps

    assert post_save.has_listeners(apps.get_model(label))
    receivers = [r for r in post_save._live_receivers(apps.get_model(label))[0]]
    assert any(getattr(r, "__module__", "") == "apps.public.cache" for r in receivers)


def test_forget_all_after_a_bulk_write(rf, campaign):
    request = rf.get("/")
    assert public_cache.body(request, name="t", campaign=campaign, allowed=set(), render=lambda: "before") == "before"
    public_cache.forget_all()
    assert public_cache.body(request, name="t", campaign=campaign, allowed=set(), render=lambda: "after") == "after"


def test_a_transaction_saving_many_rows_replaces_each_token_once(campaign, organization, django_capture_on_commit_callbacks, monkeypatch):
    replaced = []
    store = caches["database"]
    monkeypatch.setattr(store, "set", lambda key, *args, **kwargs: replaced.append(key))
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            campaign.save()
            organization.save()
    assert replaced == ["public:token:others"]
